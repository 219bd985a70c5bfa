-- The filtered plans with how many dated items each has (so plans without any can be named).
SELECT p.plan_id,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       p.plan_year, p.province, p.district,
       (SELECT count(*) FROM deadlines d WHERE d.plan_id = p.plan_id AND d.due_date IS NOT NULL) AS items
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
ORDER BY p.plan_year DESC NULLS LAST, plan_label
