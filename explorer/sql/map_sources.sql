-- Source sentences behind a map bubble: the targets or activities ($what) of the plans in $plan_ids.
-- Activities honour the theme filter.
SELECT coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       s.section_path, s.line_start, s.line_end, s.quote
FROM (
    SELECT 'targets' AS what, plan_id, section_path, line_start, line_end, quote FROM targets
    UNION ALL
    SELECT 'activities', plan_id, section_path, line_start, line_end, quote FROM activities
    WHERE $theme_ids IS NULL OR list_has_any(themes, $theme_ids)
) s
JOIN plans p ON p.plan_id = s.plan_id
WHERE s.what = $what AND list_contains($plan_ids, s.plan_id)
ORDER BY p.plan_year, plan_label, s.line_start
