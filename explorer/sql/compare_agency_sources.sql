-- The sentences behind one cell of the agency comparison.
SELECT r.plan_id, r.role, r.section_path, r.line_start, r.line_end, r.quote
FROM responsibilities r
WHERE r.plan_id = $plan_id AND coalesce(r.agency_id, r.agency_raw) = $agency_key
ORDER BY r.line_start
