-- paged: read 200 rows at a time by explorer.ui.paged (LIMIT/OFFSET), plus a count (the outdated ones).
-- Cited programmes/plans with a period "giai đoạn YYYY - YYYY", per citing plan: the pairs of mart_citation_periods
-- (which holds the rule: where the period is read, start/end/horizon years, relations, first sentence).
-- outdated: the period ended before the plan's year (end_year < plan_year). horizon_year ("định hướng đến
-- năm YYYY" beyond the period's end) is shown for context only and does not change the flag.
-- $outdated_only: only the outdated citations (the page's list); $cells: only those whose period end and plan year
-- are listed as 'end|year' (the sentences behind clicked cells); NULL: every citation with a period.
WITH p AS NOT MATERIALIZED (
    SELECT plan_id, plan_year, district, province, issuer, doc_number, doc_type
    FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
)
SELECT x.plan_id,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       p.plan_year, x.cited_doc_id,
       CASE WHEN d.doc_number IS NULL THEN coalesce(d.title, x.cited_doc_id)
            ELSE coalesce(d.doc_type || ' ', '') || d.doc_number END
           || CASE WHEN x.cited_doc_id LIKE '%|%|%' THEN ' (' || split_part(x.cited_doc_id, '|', 3) || ')' ELSE '' END
           AS cited_name,
       d.title AS cited_title, x.start_year, x.end_year, x.horizon_year, x.period_from,
       coalesce(x.end_year < p.plan_year, false) AS outdated,
       x.relations, x.line_start, x.quote
FROM mart_citation_periods x
JOIN p ON p.plan_id = x.plan_id
LEFT JOIN cited_documents d ON d.cited_doc_id = x.cited_doc_id
WHERE ($outdated_only IS NULL OR NOT $outdated_only OR coalesce(x.end_year < p.plan_year, false))
  AND ($cells IS NULL OR list_contains($cells, CAST(x.end_year AS VARCHAR) || '|' || CAST(p.plan_year AS VARCHAR)))
ORDER BY outdated DESC, p.plan_year, plan_label, x.end_year, x.plan_id, x.cited_doc_id
