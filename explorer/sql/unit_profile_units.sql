-- Units that can be profiled: every province and every district of the filtered plans.
-- A province's profile covers its own plans and those of its districts.
SELECT p.province, NULL::VARCHAR AS district, string_agg(DISTINCT p.province_2025, ', ') AS province_2025,
       count(*) AS plans
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
WHERE p.province IS NOT NULL
GROUP BY p.province
UNION ALL
SELECT p.province, p.district, string_agg(DISTINCT p.province_2025, ', '), count(*)
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
WHERE p.province IS NOT NULL AND p.district IS NOT NULL
GROUP BY p.province, p.district
