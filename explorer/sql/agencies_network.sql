-- Lead → coordinate links: two different agencies named in the same responsibility section (plan and
-- section_path), one leading (chủ trì), the other coordinating (phối hợp), in the filtered plans (every agency:
-- the page keeps the links touching the sidebar's agencies). weight: how many such sections; plans_n: how many
-- distinct plans, plans: their labels in plan order (the first 12; every one with $places, and then places: the
-- (plan_id, section_path) of each section, in the order of the rows, for the table of a few plans).
-- Names: the agency's name in its first plan. Links and places in the page's order of responsibilities (plan, line,
-- row) of their lead, then of their coordinator.
-- $unknown_unit names a plan whose unit is unknown (as ui.known_labels).
WITH f AS (
    SELECT plan_id, plan_rank,
           coalesce(plan_label, $unknown_unit || coalesce(CAST(plan_year AS VARCHAR), '?') || ' · ' || plan_id)
               AS plan_label
    FROM fp_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
), r AS (
    SELECT hash(r.plan_id, r.section_path) AS sec, f.plan_rank, r.role, r.line_start, r.rowid AS rid,
           CASE WHEN $places THEN {'plan_id': r.plan_id, 'section_path': r.section_path} END AS place,
           coalesce(r.agency_id, 'raw:' || r.agency_raw) AS agency_key, r.agency_id, r.agency_name, r.agency_raw
    FROM responsibilities r
    JOIN f ON f.plan_id = r.plan_id
    WHERE r.section_path IS NOT NULL AND r.role IN ('lead', 'coordinate')
), names AS (
    SELECT x.agency_key, arg_min(coalesce(ag.name, x.agency_name, x.agency_raw), x.plan_rank) AS agency_name
    FROM r x LEFT JOIN agencies ag ON ag.agency_id = x.agency_id
    GROUP BY x.agency_key
), pairs AS (  -- an agency named twice in one section and role counts once (weight: distinct sections)
    SELECT l.sec, l.place, l.plan_rank, l.agency_key AS source, c.agency_key AS target,
           (l.plan_rank, l.line_start, l.rid, c.line_start, c.rid) AS ord
    FROM r l
    JOIN r c ON c.sec = l.sec AND c.role = 'coordinate'
    WHERE l.role = 'lead' AND l.agency_key IS DISTINCT FROM c.agency_key
), links AS (
    SELECT source, target, count(DISTINCT sec) AS weight, count(DISTINCT plan_rank) AS plans_n,
           list_sort(list_distinct(list(plan_rank)))[1:CASE WHEN $places THEN 1000000000 ELSE 12 END] AS ranks,
           min(ord) AS ord, list(place ORDER BY ord) FILTER (WHERE $places) AS places
    FROM pairs GROUP BY source, target
), heads AS (
    SELECT h.source, h.target, list(l.plan_label ORDER BY h.k) AS plans
    FROM (SELECT source, target, unnest(ranks) AS k FROM links) h
    JOIN (SELECT DISTINCT plan_rank, plan_label FROM f) l ON l.plan_rank = h.k
    GROUP BY h.source, h.target
)
SELECT x.source, x.target, s.agency_name AS source_name, t.agency_name AS target_name, x.weight, x.plans_n,
       h.plans, x.places
FROM links x
LEFT JOIN names s ON s.agency_key IS NOT DISTINCT FROM x.source
LEFT JOIN names t ON t.agency_key IS NOT DISTINCT FROM x.target
LEFT JOIN heads h ON h.source IS NOT DISTINCT FROM x.source AND h.target IS NOT DISTINCT FROM x.target
ORDER BY x.ord
