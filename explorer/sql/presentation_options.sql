-- What the presentation page offers to pick among the filtered plans: units (a province, or a district written
-- "District (Province)") and plan years.
SELECT DISTINCT 'unit' AS kind, p.province AS value, p.province AS province
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
WHERE p.province IS NOT NULL
UNION
SELECT DISTINCT 'unit', p.district || ' (' || p.province || ')', p.province
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
WHERE p.province IS NOT NULL AND p.district IS NOT NULL
UNION
SELECT DISTINCT 'year', CAST(p.plan_year AS VARCHAR), NULL
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
WHERE p.plan_year IS NOT NULL
