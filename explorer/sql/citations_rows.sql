-- One row per citation sentence of the filtered plans: the citing plan, the cited document, the relation
-- and the source span. scope: 'national' (central documents and laws) or 'local' (provincial/district
-- documents, whose cited_doc_id is "number|year|province").
-- Plan labels and sort order are computed once per plan, cited names once per cited document.
WITH p AS (
    SELECT *, dense_rank() OVER (ORDER BY plan_year, plan_label) AS plan_rank
    FROM (SELECT plan_id, province, district, level, plan_year,
                 coalesce(district, province, issuer, '?') || ' ' || coalesce(CAST(plan_year AS VARCHAR), '') || ' · '
                     || coalesce(doc_number, doc_type, '') AS plan_label
          FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids))
), d AS (
    SELECT d.*,
           CASE WHEN d.doc_number IS NULL THEN coalesce(d.title, d.cited_doc_id)
                ELSE coalesce(d.doc_type || ' ', '') || d.doc_number END
               || CASE WHEN d.cited_doc_id LIKE '%|%|%' THEN ' (' || split_part(d.cited_doc_id, '|', 3) || ')' ELSE '' END
               AS cited_name
    FROM cited_documents d
)
SELECT c.plan_id, p.plan_label, p.province, p.district, p.level, p.plan_year,
       c.cited_doc_id,
       coalesce(d.cited_name, c.cited_doc_id
           || CASE WHEN c.cited_doc_id LIKE '%|%|%' THEN ' (' || split_part(c.cited_doc_id, '|', 3) || ')' ELSE '' END)
           AS cited_name,
       d.doc_type AS cited_type, d.doc_number AS cited_number, d.issue_date AS cited_date, d.issuer AS cited_issuer,
       d.title AS cited_title,
       CASE WHEN c.cited_doc_id LIKE '%|%|%' THEN 'local' ELSE 'national' END AS scope,
       c.relation, c.section_path, c.line_start, c.line_end, c.quote
FROM citations c
JOIN p ON p.plan_id = c.plan_id
LEFT JOIN d ON d.cited_doc_id = c.cited_doc_id
ORDER BY p.plan_rank, c.line_start
