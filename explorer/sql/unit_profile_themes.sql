-- Theme mix of one unit's activities per plan year: activities per theme (an activity with several themes
-- counts once in each) and the share of the year's activities. Honours the theme filter.
WITH a AS (
    SELECT a.plan_id, p.plan_year, a.themes
    FROM activities a
    JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p ON p.plan_id = a.plan_id
    WHERE $prov IS NOT NULL AND p.province = $prov AND ($dist IS NULL OR p.district = $dist) AND p.plan_year IS NOT NULL
      AND ($theme_ids IS NULL OR list_has_any(a.themes, $theme_ids))
), totals AS (
    SELECT plan_year, count(*) AS year_activities FROM a GROUP BY plan_year
), per_theme AS (
    SELECT plan_year, theme_id, count(*) AS activities
    FROM (SELECT plan_year, unnest(themes) AS theme_id FROM a)
    WHERE $theme_ids IS NULL OR list_contains($theme_ids, theme_id)
    GROUP BY plan_year, theme_id
)
SELECT t.plan_year, t.theme_id, t.activities, y.year_activities,
       t.activities / y.year_activities AS share
FROM per_theme t JOIN totals y USING (plan_year)
ORDER BY t.plan_year, t.activities DESC, t.theme_id
