-- Activities of the filtered plans (with a theme filter: only activities carrying one of those themes).
WITH f AS (
    SELECT * FROM fp_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
)
SELECT a.rowid AS activity_id, a.plan_id, f.plan_year, f.truncated, f.plan_label,
       a.section_path, a.text, a.themes, a.objectives, a.timeframe, a.line_start, a.line_end, a.quote
FROM activities a
JOIN f ON f.plan_id = a.plan_id
WHERE $theme_ids IS NULL OR list_has_any(a.themes, $theme_ids)
ORDER BY f.plan_rank, a.line_start
