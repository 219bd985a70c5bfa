-- paged: the export page previews its first 200 rows (explorer.data.query_page); the downloads read them all.
-- Export: deadlines and dated items of the filtered plans (undated ones too); with an agency filter only the
-- items assigned to those agencies (as on the timeline page). Labels and the plans' sort order once per plan.
WITH p AS (
    SELECT * FROM fp_export_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
)
SELECT d.plan_id, p.plan_label,
       d.due_date, d.end_date, d.date_precision, d.kind, d.text, d.agency_id,
       d.section_path, d.line_start, d.line_end, d.quote
FROM deadlines d
JOIN p ON p.plan_id = d.plan_id
WHERE $agency_ids IS NULL OR list_contains($agency_ids, d.agency_id)
ORDER BY p.plan_rank, d.due_date NULLS LAST, d.line_start, d.rowid
