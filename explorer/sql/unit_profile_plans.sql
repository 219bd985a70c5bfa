-- Plans of one unit ($prov, and $dist for a district; NULL $dist = the province and its districts)
-- among the filtered plans, oldest first, with what was extracted from each.
SELECT p.plan_id,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       p.province, p.district, p.province_2025, p.level, p.plan_year, p.doc_type, p.doc_number, p.issue_date,
       p.issue_date_precision, p.issuer, p.signer, p.title, p.truncated,
       (SELECT count(*) FROM targets t WHERE t.plan_id = p.plan_id) AS targets,
       (SELECT count(*) FROM activities a WHERE a.plan_id = p.plan_id) AS activities,
       (SELECT count(*) FROM citations c WHERE c.plan_id = p.plan_id) AS citations,
       (SELECT count(*) FROM deadlines d WHERE d.plan_id = p.plan_id) AS deadlines
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
WHERE $prov IS NOT NULL AND p.province = $prov AND ($dist IS NULL OR p.district = $dist)
ORDER BY p.plan_year NULLS LAST, p.issue_date NULLS LAST, plan_label
