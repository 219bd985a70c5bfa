-- Which province (as issued) has plans for which year, its districts' plans included: the coverage matrix when
-- there are too many units (districts and provinces) to give each its own row.
SELECT coalesce(p.province, '?') AS province, p.plan_year, count(*) AS plans,
       count(DISTINCT coalesce(p.district, p.province, '?')) AS units,
       count(*) FILTER (WHERE p.district IS NULL) AS province_plans
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
WHERE p.plan_year IS NOT NULL
GROUP BY ALL
ORDER BY province, p.plan_year
