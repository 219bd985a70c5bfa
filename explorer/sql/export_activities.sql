-- Export: activities of the filtered plans; with a theme filter only the activities carrying one of the themes
-- (as on the activities page).
SELECT a.plan_id,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       a.section_path, a.text, a.themes, a.objectives, a.timeframe, a.line_start, a.line_end, a.quote
FROM activities a
JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p ON p.plan_id = a.plan_id
WHERE $theme_ids IS NULL OR list_has_any(a.themes, $theme_ids)
ORDER BY p.plan_year NULLS LAST, plan_label, a.line_start
