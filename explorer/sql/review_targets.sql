-- Targets not matched to a normalized indicator (indicator_key IS NULL): the review queue.
SELECT t.plan_id, concat_ws(' · ', coalesce(p.district, p.province, p.source_path), p.plan_year, p.doc_number) AS plan_label,
       t.section_path, t.line_start, t.line_end, t.indicator_text, t.value, t.value_max, t.unit, t.comparator,
       t.target_year, t.indicator_key, t.national_target_id, t.quote
FROM targets t
JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p USING (plan_id)
WHERE t.indicator_key IS NULL
ORDER BY plan_label, t.line_start
