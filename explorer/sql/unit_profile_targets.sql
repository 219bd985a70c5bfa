-- Targets of one unit's plans, one row per target with its source sentence.
SELECT t.plan_id, coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label, p.plan_year,
       coalesce(t.target_year, p.plan_year) AS target_year, t.indicator_key, t.indicator_text,
       t.value, t.value_max, t.unit, t.comparator, t.national_target_id,
       t.section_path, t.line_start, t.line_end, t.quote
FROM targets t
JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p ON p.plan_id = t.plan_id
WHERE $prov IS NOT NULL AND p.province = $prov AND ($dist IS NULL OR p.district = $dist)
ORDER BY target_year, t.indicator_key, plan_label
