-- Citations of a programme with a period (the pairs of mart_citation_periods, as citations_periods lists them)
-- counted per year the period ends × year of the citing plan (NULL when the plan has none): citations, distinct
-- plans and documents, and whether the period ended before the plan's year (outdated).
SELECT x.end_year, p.plan_year, count(*) AS citations, count(DISTINCT x.plan_id) AS plans,
       count(DISTINCT x.cited_doc_id) AS docs, coalesce(x.end_year < p.plan_year, false) AS outdated
FROM mart_citation_periods x
JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p ON p.plan_id = x.plan_id
GROUP BY x.end_year, p.plan_year
ORDER BY x.end_year, p.plan_year NULLS LAST
