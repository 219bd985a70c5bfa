-- Responsibilities in the filtered plans. `selected` marks rows of the agencies picked in the sidebar
-- (all rows when no agency filter), so the network can still show their partners.
-- Labels and the plans' sort order are computed once per plan, not per row (plan_rank: plan_year, plan_label);
-- rows in plan order, then document order (ties by row id, as agencies_tasks).
WITH f AS (
    SELECT * FROM fp_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
)
SELECT r.rowid AS resp_id, r.plan_id, f.plan_year, f.truncated, f.plan_label,
       coalesce(r.agency_id, 'raw:' || r.agency_raw) AS agency_key, r.agency_id,
       coalesce(ag.name, r.agency_name, r.agency_raw) AS agency_name, coalesce(r.sector, ag.sector) AS sector,
       r.role, r.task, r.section_path, r.line_start, r.line_end, r.quote,
       ($agency_ids IS NULL OR list_contains($agency_ids, r.agency_id)) AS selected
FROM responsibilities r
JOIN f ON f.plan_id = r.plan_id
LEFT JOIN agencies ag ON ag.agency_id = r.agency_id
ORDER BY f.plan_rank, r.line_start, r.section_path, r.rowid
