-- paged: the export page previews its first 200 rows (explorer.data.query_page); the downloads read them all.
-- Export: who does what in the filtered plans; with an agency filter only those agencies' rows.
-- Labels and the plans' sort order are computed once per plan.
WITH p AS (
    SELECT * FROM fp_export_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
)
SELECT r.plan_id, p.plan_label,
       r.agency_raw, r.agency_id, r.agency_name, r.sector, r.role, r.task,
       r.section_path, r.line_start, r.line_end, r.quote
FROM responsibilities r
JOIN p ON p.plan_id = r.plan_id
WHERE $agency_ids IS NULL OR list_contains($agency_ids, r.agency_id)
ORDER BY p.plan_rank, r.line_start, r.agency_raw, r.rowid
