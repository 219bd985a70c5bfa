-- Agencies named in the compared plans, by role (an agency without an id is kept under its name as printed).
-- With an agency filter, only those agencies.
SELECT r.plan_id, coalesce(r.agency_id, r.agency_raw) AS agency_key, r.agency_id,
       coalesce(r.agency_name, r.agency_raw) AS agency_name, r.role, count(*) AS mentions
FROM responsibilities r
WHERE list_contains($plan_ids, r.plan_id)
  AND ($agency_ids IS NULL OR list_contains($agency_ids, r.agency_id))
GROUP BY ALL
ORDER BY r.plan_id, mentions DESC
