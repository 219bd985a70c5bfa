-- Per filtered plan, its first lead (chủ trì) responsibility in document order (line_start, then the page's order):
-- the plan's focal agency when no proposing agency is named (explorer.figures.agencies.focal_agencies).
WITH f AS (
    SELECT plan_id FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
)
SELECT DISTINCT ON (r.plan_id)
       r.plan_id, coalesce(r.agency_id, 'raw:' || r.agency_raw) AS agency_key,
       coalesce(ag.name, r.agency_name, r.agency_raw) AS agency_name, coalesce(r.sector, ag.sector) AS sector,
       r.role, r.section_path, r.line_start, r.line_end, r.quote
FROM responsibilities r
JOIN f ON f.plan_id = r.plan_id
LEFT JOIN agencies ag ON ag.agency_id = r.agency_id
WHERE r.role = 'lead'
ORDER BY r.plan_id, r.line_start NULLS LAST, r.section_path NULLS LAST, r.rowid
