-- The responsibility matrix at national scale: agency × role, in how many of the filtered plans the agency has
-- the role (plans) and how many responsibilities (tasks); agency_plans: in how many plans the agency has any
-- responsibility (the rows' order). Only the agencies picked in the sidebar (all when no agency filter).
-- Names and sectors: the first non-NULL in the agency's first plan; rows in the order of their first
-- responsibility (plan, line, row). The "proposer" role is added by the page from agencies_plans.
WITH f AS (
    SELECT plan_id, plan_rank FROM fp_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
), r AS NOT MATERIALIZED (
    SELECT coalesce(r.agency_id, 'raw:' || r.agency_raw) AS agency_key, r.agency_id, r.agency_name, r.agency_raw,
           r.sector, r.role, hash(r.plan_id) AS plan_key, f.plan_rank,
           CAST(f.plan_rank AS HUGEINT) * 1099511627776 * 1048576 + CAST(r.line_start AS HUGEINT) * 1099511627776
               + r.rowid AS ord
    FROM responsibilities r
    JOIN f ON f.plan_id = r.plan_id
    WHERE ($agency_ids IS NULL OR list_contains($agency_ids, r.agency_id))
      AND coalesce(r.agency_id, 'raw:' || r.agency_raw) IS NOT NULL
), spread AS (
    SELECT r.agency_key, count(DISTINCT r.plan_key) AS agency_plans,
           arg_min(coalesce(ag.name, r.agency_name, r.agency_raw), r.plan_rank)
               FILTER (WHERE coalesce(ag.name, r.agency_name, r.agency_raw) IS NOT NULL) AS agency_name,
           arg_min(coalesce(r.sector, ag.sector), r.plan_rank)
               FILTER (WHERE coalesce(r.sector, ag.sector) IS NOT NULL) AS sector
    FROM r LEFT JOIN agencies ag ON ag.agency_id = r.agency_id
    GROUP BY r.agency_key
)
SELECT x.agency_key, coalesce(s.agency_name, x.agency_key) AS agency_name, s.sector, x.role, x.plans, x.tasks,
       s.agency_plans
FROM (SELECT agency_key, role, count(DISTINCT plan_key) AS plans, count(*) AS tasks, min(ord) AS ord
      FROM r WHERE role IS NOT NULL GROUP BY agency_key, role) x
JOIN spread s ON s.agency_key = x.agency_key
ORDER BY x.ord
