-- The plans → documents chart at national scale: province × the documents cited by the most plans. Pairs of the
-- filtered plans whose strongest relation is one of $relations (NULL: any). For each candidate document (cited by
-- at least as many plans as the $top-th most cited; the page orders ties by name and keeps $top) and province
-- ('?' when unknown): how many plans cite it (plans), the strongest relation among them; doc_plans: how many plans
-- cite the document in all; n_docs: how many documents the pairs cite.
WITH p AS (
    SELECT plan_id, coalesce(province, '?') AS unit
    FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
), e AS (
    SELECT m.plan_id, p.unit, m.cited_doc_id, m.relation,
           CASE m.relation WHEN 'legal_basis' THEN 0 WHEN 'implements' THEN 1 WHEN 'guidance' THEN 2 ELSE 9 END AS rank_
    FROM mart_citation_pairs m
    JOIN p ON p.plan_id = m.plan_id
    WHERE m.cited_doc_id IS NOT NULL AND ($relations IS NULL OR list_contains($relations, m.relation))
), per_doc AS (
    SELECT cited_doc_id, count(DISTINCT plan_id) AS doc_plans FROM e GROUP BY cited_doc_id
), chosen AS (
    SELECT * FROM per_doc
    WHERE doc_plans >= (SELECT min(doc_plans) FROM (SELECT doc_plans FROM per_doc ORDER BY doc_plans DESC LIMIT $top))
)
SELECT e.unit, e.cited_doc_id,
       CASE WHEN d.doc_number IS NULL THEN coalesce(d.title, e.cited_doc_id)
            ELSE coalesce(d.doc_type || ' ', '') || d.doc_number END
           || CASE WHEN e.cited_doc_id LIKE '%|%|%' THEN ' (' || split_part(e.cited_doc_id, '|', 3) || ')' ELSE '' END
           AS cited_name,
       CASE WHEN e.cited_doc_id LIKE '%|%|%' THEN 'local' ELSE 'national' END AS scope,
       count(DISTINCT e.plan_id) AS plans, arg_min(e.relation, e.rank_) AS relation,
       any_value(c.doc_plans) AS doc_plans, (SELECT count(*) FROM per_doc) AS n_docs
FROM e
JOIN chosen c ON c.cited_doc_id = e.cited_doc_id
LEFT JOIN cited_documents d ON d.cited_doc_id = e.cited_doc_id
GROUP BY e.unit, e.cited_doc_id, d.doc_number, d.title, d.doc_type
ORDER BY e.unit, e.cited_doc_id
