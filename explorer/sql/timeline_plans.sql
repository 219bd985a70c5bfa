-- The filtered plans with how many dated items each has (so plans without any can be named; mart_plan_stats).
SELECT p.plan_id,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       p.plan_year, p.province, p.district,
       s.dated_deadlines AS items
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
JOIN mart_plan_stats s ON s.plan_id = p.plan_id
ORDER BY p.plan_year DESC NULLS LAST, plan_label
