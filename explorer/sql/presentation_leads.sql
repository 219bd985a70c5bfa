-- Lead assignments ("chủ trì") of the plans in $plan_ids, counted per plan and agency.
SELECT r.plan_id, coalesce(r.agency_id, r.agency_raw) AS agency_key, r.agency_id,
       coalesce(ag.short_name, r.agency_name, r.agency_raw) AS agency_short,
       coalesce(ag.name, r.agency_name, r.agency_raw) AS agency_name,
       coalesce(ag.sector, r.sector) AS sector, count(*) AS tasks,
       min(r.line_start) AS line_start
FROM responsibilities r
LEFT JOIN agencies ag ON ag.agency_id = r.agency_id
WHERE list_contains($plan_ids, r.plan_id) AND r.role = 'lead'
GROUP BY ALL
ORDER BY r.plan_id, tasks DESC, agency_short
