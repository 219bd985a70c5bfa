-- paged: the export page previews its first 200 rows (explorer.data.query_page); the downloads read them all.
-- Export: targets of the filtered plans, in document order. Labels and the plans' sort order once per plan.
WITH p AS (
    SELECT * FROM fp_export_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
)
SELECT t.plan_id, p.plan_label,
       t.value, t.value_max, t.unit, t.comparator, t.indicator_text, t.indicator_key, t.target_year,
       t.national_target_id, t.section_path, t.line_start, t.line_end, t.quote
FROM targets t
JOIN p ON p.plan_id = t.plan_id
ORDER BY p.plan_rank, t.line_start, t.rowid
