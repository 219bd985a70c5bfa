-- Activities of one unit's plans with their themes and source sentences (for the theme chart's sources).
SELECT a.plan_id, coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label, p.plan_year, a.themes,
       a.section_path, a.line_start, a.line_end, a.quote
FROM activities a
JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p ON p.plan_id = a.plan_id
WHERE $prov IS NOT NULL AND p.province = $prov AND ($dist IS NULL OR p.district = $dist) AND ($theme_ids IS NULL OR list_has_any(a.themes, $theme_ids))
ORDER BY p.plan_year, plan_label, a.line_start
