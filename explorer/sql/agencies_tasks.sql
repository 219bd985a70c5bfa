-- paged: read 200 rows at a time by explorer.ui.paged (LIMIT/OFFSET), plus a count.
-- The responsibilities of one agency ($agency_key: agency_id, or 'raw:' + the name as printed) in the filtered
-- plans, in plan order (plan_rank: year, label) then document order. Also the sentences behind a clicked chart
-- point: $role, $year (the plan's) and $sector (sector 'unknown' when none) narrow the rows; NULL means any.
-- Columns as agencies_responsibilities (without `selected`).
WITH f AS (
    SELECT * FROM fp_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
)
SELECT r.rowid AS resp_id, r.plan_id, f.plan_year, f.truncated, f.plan_label,
       coalesce(r.agency_id, 'raw:' || r.agency_raw) AS agency_key, r.agency_id,
       coalesce(ag.name, r.agency_name, r.agency_raw) AS agency_name, coalesce(r.sector, ag.sector) AS sector,
       r.role, r.task, r.section_path, r.line_start, r.line_end, r.quote
FROM responsibilities r
JOIN f ON f.plan_id = r.plan_id
LEFT JOIN agencies ag ON ag.agency_id = r.agency_id
WHERE ($agency_key IS NULL OR coalesce(r.agency_id, 'raw:' || r.agency_raw) = $agency_key)
  AND ($role IS NULL OR r.role = $role)
  AND ($year IS NULL OR f.plan_year = $year)
  AND ($sector IS NULL OR coalesce(r.sector, ag.sector, 'unknown') = $sector)
ORDER BY f.plan_rank, r.line_start, r.section_path, r.rowid
