-- Plan → cited document pairs of the filtered plans. relation is the strongest one the plan uses
-- (legal_basis > implements > guidance); relations lists all of them. The pairs come from mart_citation_pairs;
-- labels, names and sort order are built once per plan and per document.
WITH p AS (
    SELECT *, dense_rank() OVER (ORDER BY plan_year, plan_label) AS plan_rank
    FROM (SELECT plan_id, plan_year, level,
                 coalesce(district, province, issuer, '?') || ' ' || coalesce(CAST(plan_year AS VARCHAR), '') || ' · '
                     || coalesce(doc_number, doc_type, '') AS plan_label
          FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids))
), pairs AS (
    SELECT * FROM mart_citation_pairs WHERE plan_id IN (SELECT plan_id FROM p)
), docs AS (
    SELECT *, dense_rank() OVER (ORDER BY cited_name) AS name_rank
    FROM (SELECT x.cited_doc_id, d.title AS cited_title,
                 CASE WHEN d.doc_number IS NULL THEN coalesce(d.title, x.cited_doc_id)
                      ELSE coalesce(d.doc_type || ' ', '') || d.doc_number END
                     || CASE WHEN x.cited_doc_id LIKE '%|%|%' THEN ' (' || split_part(x.cited_doc_id, '|', 3) || ')'
                             ELSE '' END AS cited_name,
                 CASE WHEN x.cited_doc_id LIKE '%|%|%' THEN 'local' ELSE 'national' END AS scope
          FROM (SELECT DISTINCT cited_doc_id FROM pairs) x
          LEFT JOIN cited_documents d ON d.cited_doc_id = x.cited_doc_id)
)
SELECT pairs.plan_id, p.plan_label, p.plan_year, p.level,
       pairs.cited_doc_id, docs.cited_name, docs.cited_title, docs.scope,
       pairs.relation, pairs.relations, pairs.mentions
FROM pairs
JOIN p ON p.plan_id = pairs.plan_id
JOIN docs ON docs.cited_doc_id IS NOT DISTINCT FROM pairs.cited_doc_id
ORDER BY p.plan_rank, docs.name_rank
