-- Cited documents of the filtered plans, most cited first: how many plans cite each, and how often.
-- cited_by lists the citing units and years once each, in alphabetical order. Counted on the (plan, document)
-- pairs of mart_citation_pairs; names are built once per document.
WITH p AS (
    SELECT plan_id,
           coalesce(district, province, issuer, '?') || ' ' || coalesce(CAST(plan_year AS VARCHAR), '') AS unit_year
    FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
), pairs AS (
    SELECT m.cited_doc_id, m.mentions, m.relations, p.unit_year
    FROM mart_citation_pairs m
    JOIN p ON p.plan_id = m.plan_id
), docs AS (
    SELECT cited_doc_id, count(*) AS plans, CAST(sum(mentions) AS BIGINT) AS mentions,
           list_sort(list_distinct(flatten(list(relations)))) AS relations
    FROM pairs GROUP BY cited_doc_id
), units AS (
    SELECT cited_doc_id, string_agg(unit_year, '; ' ORDER BY unit_year) AS cited_by
    FROM (SELECT DISTINCT cited_doc_id, unit_year FROM pairs)
    GROUP BY cited_doc_id
)
SELECT x.cited_doc_id,
       CASE WHEN d.doc_number IS NULL THEN coalesce(d.title, x.cited_doc_id)
            ELSE coalesce(d.doc_type || ' ', '') || d.doc_number END
           || CASE WHEN x.cited_doc_id LIKE '%|%|%' THEN ' (' || split_part(x.cited_doc_id, '|', 3) || ')' ELSE '' END
           AS cited_name,
       d.doc_type AS cited_type, d.issue_date AS cited_date, d.issuer AS cited_issuer, d.title AS cited_title,
       CASE WHEN x.cited_doc_id LIKE '%|%|%' THEN 'local' ELSE 'national' END AS scope,
       x.plans, x.mentions, x.relations, u.cited_by
FROM docs x
JOIN units u ON u.cited_doc_id IS NOT DISTINCT FROM x.cited_doc_id
LEFT JOIN cited_documents d ON d.cited_doc_id = x.cited_doc_id
ORDER BY x.plans DESC, x.mentions DESC, cited_name
