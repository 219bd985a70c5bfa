-- Province (as issued; its districts' plans included) × theme: activities carrying the theme, with the totals of
-- the province's filtered plans (all their activities and all theme mentions) and the plans themselves. The
-- activities page draws this instead of one bar per plan when there are too many plans to draw one by one.
-- With a theme filter only those themes are returned; the totals still cover whole plans (shares stay shares).
-- Summed from the per-plan counts of mart_plan_stats and mart_plan_themes (plans without activities count nowhere).
WITH f AS (
    SELECT plan_id, coalesce(province, '?') AS province
    FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
),
totals AS (
    SELECT f.province, count(*) AS plans, CAST(sum(s.activities) AS BIGINT) AS plan_activities,
           sum(s.theme_mentions) AS plan_mentions
    FROM mart_plan_stats s JOIN f ON f.plan_id = s.plan_id
    WHERE s.activities > 0
    GROUP BY f.province
),
per_theme AS (
    SELECT f.province, m.theme_id, CAST(sum(m.activities) AS BIGINT) AS activities, count(*) AS theme_plans,
           list(m.plan_id ORDER BY m.plan_id) AS plan_ids
    FROM mart_plan_themes m JOIN f ON f.plan_id = m.plan_id
    WHERE $theme_ids IS NULL OR list_contains($theme_ids, m.theme_id)
    GROUP BY f.province, m.theme_id
)
SELECT t.province, t.theme_id, t.activities, t.theme_plans,
       tot.plans, tot.plan_activities, tot.plan_mentions, t.plan_ids
FROM per_theme t
JOIN totals tot ON tot.province = t.province
ORDER BY t.province, t.theme_id
