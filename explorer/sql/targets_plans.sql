-- The filtered plans with a display label and how many targets each states.
SELECT p.plan_id, p.plan_year, p.province, p.district, p.truncated,
       coalesce(p.district, p.province) || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '?') || ' · '
           || coalesce(p.doc_number, p.doc_type) AS plan_label,
       (SELECT count(*) FROM targets t WHERE t.plan_id = p.plan_id) AS targets
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
ORDER BY p.plan_year NULLS LAST, plan_label
