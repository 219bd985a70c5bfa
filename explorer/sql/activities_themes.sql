-- The themes the activity list's theme picker offers: every theme carried by an activity of the filtered plans.
-- Without a theme filter, read from the plan × theme counts (mart_plan_themes); with one, the themes of the
-- activities carrying one of those themes (an activity can carry several), as the list shows them.
WITH f AS (SELECT plan_id FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids))
SELECT DISTINCT theme_id
FROM (
    SELECT m.theme_id FROM mart_plan_themes m
    WHERE $theme_ids IS NULL AND m.plan_id IN (SELECT plan_id FROM f)
    UNION ALL
    SELECT unnest(a.themes) AS theme_id FROM activities a
    WHERE $theme_ids IS NOT NULL AND list_has_any(a.themes, $theme_ids) AND a.plan_id IN (SELECT plan_id FROM f)
)
WHERE theme_id IS NOT NULL
ORDER BY theme_id
