-- The activities and targets of one plan that serve one strategy objective (for a clicked cell).
WITH f AS (SELECT * FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
           WHERE plan_id = $plan_id),
items AS (
    SELECT plan_id, 'activity' AS kind, section_path, line_start, line_end, quote
    FROM activities
    WHERE plan_id IN (SELECT plan_id FROM f) AND list_contains(objectives, $objective_id)
      AND ($theme_ids IS NULL OR list_has_any(themes, $theme_ids))
    UNION ALL
    SELECT plan_id, 'target', section_path, line_start, line_end, quote
    FROM targets
    WHERE plan_id IN (SELECT plan_id FROM f) AND starts_with(coalesce(national_target_id, ''), $objective_id || '-')
)
SELECT coalesce(f.district, f.province) || ' ' || coalesce(CAST(f.plan_year AS VARCHAR), '?') || ' · '
           || coalesce(f.doc_number, f.doc_type) AS plan_label,
       i.kind, i.section_path, i.line_start, i.line_end, i.quote
FROM items i JOIN f ON f.plan_id = i.plan_id
ORDER BY i.line_start
