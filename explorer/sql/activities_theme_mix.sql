-- Plan × theme: activities carrying the theme, with the plan's totals (all its activities and all theme
-- mentions, an activity can carry several themes). With a theme filter only those themes are returned,
-- the totals still cover the whole plan, so shares stay shares of the plan.
-- Counts from the marts (loaders/sql/marts.sql); labels and the plans' order once per plan.
WITH f AS (
    SELECT * FROM fp_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
)
SELECT f.plan_id, f.plan_year, f.truncated, f.plan_label,
       m.theme_id, m.activities, s.activities AS plan_activities, s.theme_mentions AS plan_mentions
FROM mart_plan_themes m
JOIN f ON f.plan_id = m.plan_id
JOIN mart_plan_stats s ON s.plan_id = m.plan_id
WHERE $theme_ids IS NULL OR list_contains($theme_ids, m.theme_id)
ORDER BY f.plan_rank, m.theme_id
