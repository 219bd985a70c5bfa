-- Every cited document with its name as the citations page shows it (doc type and number, else the title, else
-- the id; local documents with their province): the page orders the plan → document table by these names in
-- Vietnamese order (loaders.textnorm.sort_key), which SQL cannot.
SELECT x.cited_doc_id,
       CASE WHEN d.doc_number IS NULL THEN coalesce(d.title, x.cited_doc_id)
            ELSE coalesce(d.doc_type || ' ', '') || d.doc_number END
           || CASE WHEN x.cited_doc_id LIKE '%|%|%' THEN ' (' || split_part(x.cited_doc_id, '|', 3) || ')' ELSE '' END
           AS cited_name
FROM (SELECT DISTINCT cited_doc_id FROM mart_citation_pairs WHERE cited_doc_id IS NOT NULL) x
LEFT JOIN cited_documents d ON d.cited_doc_id = x.cited_doc_id
ORDER BY x.cited_doc_id
