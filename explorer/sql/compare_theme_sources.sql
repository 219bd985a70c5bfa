-- The activities behind one bar of the theme mix.
SELECT a.plan_id, a.section_path, a.line_start, a.line_end, a.quote
FROM activities a
WHERE a.plan_id = $plan_id AND list_contains(a.themes, $theme_id)
ORDER BY a.line_start
