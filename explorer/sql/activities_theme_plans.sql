-- How many filtered plans the theme mix has a bar for (plans with a theme-tagged activity; with a theme filter, one of
-- those themes): the activities page draws a bar per plan up to ui.MAX_PLANS_DRAWN, else a bar per province.
SELECT count(DISTINCT m.plan_id) AS plans
FROM mart_plan_themes m
WHERE m.plan_id IN (SELECT plan_id FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids))
  AND ($theme_ids IS NULL OR list_contains($theme_ids, m.theme_id))
