-- The agencies with responsibilities in the filtered plans (the "tasks of one agency" picker): name (as in the
-- agency's first plan), how many responsibilities (tasks) and how many of them are not of a
-- group of agencies ("các sở, ngành": sector multi), most tasks first.
WITH f AS (
    SELECT plan_id, plan_rank FROM fp_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
)
SELECT coalesce(r.agency_id, 'raw:' || r.agency_raw) AS agency_key,
       arg_min(coalesce(ag.name, r.agency_name, r.agency_raw), f.plan_rank) AS agency_name,
       count(*) AS tasks,
       count(*) FILTER (WHERE coalesce(r.sector, ag.sector) IS DISTINCT FROM 'multi') AS single_tasks,
       min(f.plan_rank) AS ord
FROM responsibilities r
JOIN f ON f.plan_id = r.plan_id
LEFT JOIN agencies ag ON ag.agency_id = r.agency_id
WHERE coalesce(r.agency_id, 'raw:' || r.agency_raw) IS NOT NULL
GROUP BY agency_key
ORDER BY tasks DESC, ord, agency_key
