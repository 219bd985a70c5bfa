-- paged: the export page previews its first 200 rows (explorer.data.query_page); the downloads read them all.
-- Export: activities of the filtered plans; with a theme filter only the activities carrying one of the themes
-- (as on the activities page). Labels and the plans' sort order are computed once per plan.
WITH p AS (
    SELECT * FROM fp_export_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
)
SELECT a.plan_id, p.plan_label,
       a.section_path, a.text, a.themes, a.objectives, a.timeframe, a.line_start, a.line_end, a.quote
FROM activities a
JOIN p ON p.plan_id = a.plan_id
WHERE $theme_ids IS NULL OR list_has_any(a.themes, $theme_ids)
ORDER BY p.plan_rank, a.line_start, a.rowid
