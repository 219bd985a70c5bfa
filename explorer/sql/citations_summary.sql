-- The citations page's counts for the filtered plans, from the (plan, cited document) pairs of mart_citation_pairs:
-- citation sentences, distinct cited documents, plans with a citation, distinct national documents (cited_doc_id
-- not "number|year|province").
SELECT CAST(coalesce(sum(m.mentions), 0) AS BIGINT) AS sentences,
       count(DISTINCT m.cited_doc_id) AS documents,
       count(DISTINCT m.plan_id) AS plans,
       count(DISTINCT m.cited_doc_id) FILTER (WHERE m.cited_doc_id NOT LIKE '%|%|%') AS national_documents
FROM mart_citation_pairs m
WHERE m.plan_id IN (SELECT plan_id FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids))
