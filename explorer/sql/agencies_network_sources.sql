-- The sentences behind a clicked point of the coordination network, in the page's order of responsibilities.
-- A node ($side 'lead' or 'coordinate'): the agency's rows in that role in the sections where it forms a link;
-- a link ($side NULL, $partner the coordinating agency): the rows of both agencies in the sections they share.
-- With agencies picked in the sidebar ($agency_ids), only links touching one of them count. One row per
-- plan, section and first line.
WITH f AS (
    SELECT * FROM fp_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
), r AS (
    SELECT r.rowid AS rid, r.plan_id, f.plan_rank, f.plan_year, f.plan_label, r.section_path, r.role, r.line_start,
           r.line_end, r.quote, coalesce(r.agency_id, 'raw:' || r.agency_raw) AS agency_key
    FROM responsibilities r
    JOIN f ON f.plan_id = r.plan_id
    WHERE r.section_path IS NOT NULL
), links AS (  -- (plan, section, lead, coordinator) of the links the clicked point stands for
    SELECT DISTINCT l.plan_id, l.section_path
    FROM r l
    JOIN r c ON c.plan_id = l.plan_id AND c.section_path = l.section_path AND c.role = 'coordinate'
    WHERE l.role = 'lead' AND l.agency_key IS DISTINCT FROM c.agency_key
      AND ($agency_ids IS NULL OR list_contains($agency_ids, l.agency_key) OR list_contains($agency_ids, c.agency_key))
      AND CASE $side WHEN 'lead' THEN l.agency_key = $agency_key
                     WHEN 'coordinate' THEN c.agency_key = $agency_key
                     ELSE l.agency_key = $agency_key AND c.agency_key = $partner END
)
SELECT plan_id, plan_year, plan_label, section_path, line_start, line_end, quote
FROM (SELECT DISTINCT ON (r.plan_id, r.section_path, r.line_start) r.*
      FROM r
      JOIN links x ON x.plan_id = r.plan_id AND x.section_path = r.section_path
      WHERE CASE WHEN $side IN ('lead', 'coordinate') THEN r.agency_key = $agency_key AND r.role = $side
                 ELSE r.agency_key IN ($agency_key, $partner) END
      ORDER BY r.plan_id, r.section_path, r.line_start, r.plan_rank, r.rid)
ORDER BY plan_rank, line_start, section_path, rid
