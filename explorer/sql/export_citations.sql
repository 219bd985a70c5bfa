-- paged: the export page previews its first 200 rows (explorer.data.query_page); the downloads read them all.
-- Export: one row per citation sentence of the filtered plans, with the cited document's identity.
-- Labels and the plans' sort order are computed once per plan.
WITH p AS (
    SELECT * FROM fp_export_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
)
SELECT c.plan_id, p.plan_label,
       c.cited_doc_id, d.doc_type AS cited_type, d.doc_number AS cited_number, d.issue_date AS cited_date,
       d.issuer AS cited_issuer, d.title AS cited_title, c.relation,
       c.section_path, c.line_start, c.line_end, c.quote
FROM citations c
JOIN p ON p.plan_id = c.plan_id
LEFT JOIN cited_documents d ON d.cited_doc_id = c.cited_doc_id
ORDER BY p.plan_rank, c.line_start, c.cited_doc_id, c.rowid
