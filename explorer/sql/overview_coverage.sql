-- Which unit has a plan for which year (unit = district, else province).
SELECT coalesce(p.district || ' (' || p.province || ')', p.province) AS unit, p.level, p.plan_year,
       count(*) AS plans, string_agg(coalesce(p.doc_number, p.doc_type), ', ') AS documents
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
WHERE p.plan_year IS NOT NULL
GROUP BY ALL
