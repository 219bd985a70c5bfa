-- paged: read 200 rows at a time by explorer.ui.paged (LIMIT/OFFSET), plus a count.
-- What each filtered plan is based on and implements: one row per plan × cited document (mart_citation_pairs), in
-- plan order (year, label), then the strongest relation (legal_basis, implements, guidance), local before
-- national, then the document's name in Vietnamese order: $doc_order lists the cited_doc_ids in that order
-- (citations_doc_names sorted by the page), ties and unlisted documents after, by id.
WITH p AS (
    SELECT plan_id, plan_year, plan_label
    FROM fp_export_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
), named AS (
    SELECT unnest($doc_order) AS cited_doc_id, generate_subscripts($doc_order, 1) AS name_order
)
SELECT m.plan_id, p.plan_label, p.plan_year, m.cited_doc_id,
       CASE WHEN d.doc_number IS NULL THEN coalesce(d.title, m.cited_doc_id)
            ELSE coalesce(d.doc_type || ' ', '') || d.doc_number END
           || CASE WHEN m.cited_doc_id LIKE '%|%|%' THEN ' (' || split_part(m.cited_doc_id, '|', 3) || ')' ELSE '' END
           AS cited_name,
       CASE WHEN m.cited_doc_id LIKE '%|%|%' THEN 'local' ELSE 'national' END AS scope,
       m.relation, m.relations, d.issue_date AS cited_date, d.issuer AS cited_issuer, d.title AS cited_title,
       m.mentions
FROM mart_citation_pairs m
JOIN p ON p.plan_id = m.plan_id
LEFT JOIN cited_documents d ON d.cited_doc_id = m.cited_doc_id
LEFT JOIN named n ON n.cited_doc_id = m.cited_doc_id
ORDER BY p.plan_year NULLS LAST, p.plan_label,
         CASE m.relation WHEN 'legal_basis' THEN 0 WHEN 'implements' THEN 1 WHEN 'guidance' THEN 2 ELSE 9 END,
         scope, n.name_order NULLS LAST, m.plan_id, m.cited_doc_id
