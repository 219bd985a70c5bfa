-- Export: targets of the filtered plans, in document order.
SELECT t.plan_id,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       t.value, t.value_max, t.unit, t.comparator, t.indicator_text, t.indicator_key, t.target_year,
       t.national_target_id, t.section_path, t.line_start, t.line_end, t.quote
FROM targets t
JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p ON p.plan_id = t.plan_id
ORDER BY p.plan_year NULLS LAST, plan_label, t.line_start
