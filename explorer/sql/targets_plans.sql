-- The filtered plans with a display label and how many targets each states (counted in mart_plan_stats).
SELECT p.plan_id, p.plan_year, p.province, p.district, p.truncated,
       coalesce(p.district, p.province) || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '?') || ' · '
           || coalesce(p.doc_number, p.doc_type) AS plan_label,
       s.targets
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
JOIN mart_plan_stats s ON s.plan_id = p.plan_id
ORDER BY p.plan_year NULLS LAST, plan_label
