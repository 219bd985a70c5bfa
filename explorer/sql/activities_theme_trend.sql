-- Plan year × theme at national scale (more plans than the activities page draws one by one): what
-- explorer.figures.activities.theme_trend computes from the plan × theme rows of activities_theme_mix, computed here
-- so those 100,000 rows are never fetched. activities: the year's activities carrying the theme; year_activities:
-- all activities of the year's plans in the mix; share = activities / year_activities; plans: the first 8 plan
-- labels of the year in the mix's order, "… (+N)" for the others. Labels as the page shows them: a plan without a
-- unit "$unknown_unit<year> · <plan_id>", a truncated plan marked " ⚠ $cut_off". Plans without a year are left out.
WITH f AS (
    SELECT * FROM fp_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
    WHERE plan_year IS NOT NULL
),
mix AS (
    SELECT f.plan_id, f.plan_year, f.plan_rank, m.theme_id, m.activities, s.activities AS plan_activities,
           coalesce(f.plan_label, $unknown_unit || CAST(f.plan_year AS VARCHAR) || ' · ' || f.plan_id)
           || CASE WHEN f.truncated THEN ' ⚠ ' || $cut_off ELSE '' END AS plan_label
    FROM mart_plan_themes m
    JOIN f ON f.plan_id = m.plan_id
    JOIN mart_plan_stats s ON s.plan_id = m.plan_id
    WHERE $theme_ids IS NULL OR list_contains($theme_ids, m.theme_id)
),
years AS (
    SELECT plan_year, CAST(sum(plan_activities) AS BIGINT) AS year_activities, count(*) AS n,
           list(plan_label ORDER BY plan_rank, plan_id)[1:8] AS first_labels
    FROM (SELECT DISTINCT plan_id, plan_year, plan_rank, plan_label, plan_activities FROM mix)
    GROUP BY plan_year
),
per_theme AS (
    SELECT plan_year, theme_id, CAST(sum(activities) AS BIGINT) AS activities FROM mix GROUP BY plan_year, theme_id
)
SELECT t.plan_year, t.theme_id, t.activities, y.year_activities,
       array_to_string(y.first_labels, '; ') || CASE WHEN y.n > 8 THEN ' … (+' || (y.n - 8) || ')' ELSE '' END AS plans,
       t.activities / CASE WHEN y.year_activities > 0 THEN y.year_activities END AS share
FROM per_theme t
JOIN years y ON y.plan_year = t.plan_year
ORDER BY t.plan_year, t.theme_id
