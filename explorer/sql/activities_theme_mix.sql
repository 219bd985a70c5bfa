-- Plan × theme: activities carrying the theme, with the plan's totals (all its activities and all theme
-- mentions, an activity can carry several themes). With a theme filter only those themes are returned,
-- the totals still cover the whole plan, so shares stay shares of the plan.
WITH f AS (SELECT * FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)),
a AS (SELECT plan_id, themes FROM activities WHERE plan_id IN (SELECT plan_id FROM f)),
totals AS (SELECT plan_id, count(*) AS plan_activities, sum(len(list_distinct(themes))) AS plan_mentions FROM a GROUP BY plan_id),
tagged AS (SELECT plan_id, unnest(list_distinct(themes)) AS theme_id FROM a)
SELECT f.plan_id, f.plan_year, f.truncated,
       coalesce(f.district, f.province) || ' ' || coalesce(CAST(f.plan_year AS VARCHAR), '?') || ' · '
           || coalesce(f.doc_number, f.doc_type) AS plan_label,
       tg.theme_id, count(*) AS activities, tot.plan_activities, tot.plan_mentions
FROM tagged tg
JOIN f ON f.plan_id = tg.plan_id
JOIN totals tot ON tot.plan_id = tg.plan_id
WHERE $theme_ids IS NULL OR list_contains($theme_ids, tg.theme_id)
GROUP BY ALL
ORDER BY f.plan_year NULLS LAST, plan_label, tg.theme_id
