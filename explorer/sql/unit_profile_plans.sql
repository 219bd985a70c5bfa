-- Plans of one unit ($prov, and $dist for a district; NULL $dist = the province and its districts)
-- among the filtered plans, oldest first, with what was extracted from each (counted in mart_plan_stats).
SELECT p.plan_id,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       p.province, p.district, p.province_2025, p.level, p.plan_year, p.doc_type, p.doc_number, p.issue_date,
       p.issue_date_precision, p.issuer, p.signer, p.title, p.truncated,
       s.targets, s.activities, s.citations, s.deadlines
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
JOIN mart_plan_stats s ON s.plan_id = p.plan_id
WHERE $prov IS NOT NULL AND p.province = $prov AND ($dist IS NULL OR p.district = $dist)
ORDER BY p.plan_year NULLS LAST, p.issue_date NULLS LAST, plan_label
