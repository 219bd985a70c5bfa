-- The sentences behind a clicked point of the activities page's charts: the activities of the filtered plans
-- (with a theme filter: only activities carrying one of those themes) that carry $source_theme, of the plans
-- $source_plans (a clicked bar: one plan, or a province's plans; NULL: any) and of plan year $source_year (a
-- clicked point of the trend; NULL: any year). In the order of the activity list (activities_list).
WITH f AS (
    SELECT * FROM fp_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
)
SELECT f.plan_label, a.section_path, a.line_start, a.line_end, a.quote, a.plan_id, f.plan_year
FROM activities a
JOIN f ON f.plan_id = a.plan_id
WHERE ($theme_ids IS NULL OR list_has_any(a.themes, $theme_ids))
  AND list_contains(a.themes, $source_theme)
  AND ($source_plans IS NULL OR list_contains($source_plans, a.plan_id))
  AND ($source_year IS NULL OR f.plan_year = $source_year)
ORDER BY f.plan_rank, a.plan_id, a.line_start, a.rowid
