-- Theme mix of the compared plans: activities per theme, and the plan's activities (an activity can have several
-- themes, so shares add up to more than 100 %). With a theme filter, only those themes.
WITH a AS (
    SELECT plan_id, unnest(themes) AS theme_id
    FROM activities
    WHERE list_contains($plan_ids, plan_id)
),
n AS (SELECT plan_id, count(*) AS plan_activities FROM activities WHERE list_contains($plan_ids, plan_id) GROUP BY 1)
SELECT a.plan_id, a.theme_id, count(*) AS activities, n.plan_activities,
       count(*) / n.plan_activities AS share
FROM a JOIN n USING (plan_id)
WHERE $theme_ids IS NULL OR list_contains($theme_ids, a.theme_id)
GROUP BY a.plan_id, a.theme_id, n.plan_activities
ORDER BY a.plan_id, activities DESC
