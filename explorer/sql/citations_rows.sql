-- One row per citation sentence of the filtered plans: the citing plan, the cited document, the relation
-- and the source span. scope: 'national' (central documents and laws) or 'local' (provincial/district
-- documents, whose cited_doc_id is "number|year|province").
SELECT c.plan_id,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       p.province, p.district, p.level, p.plan_year,
       c.cited_doc_id,
       CASE WHEN d.doc_number IS NULL THEN coalesce(d.title, c.cited_doc_id)
            ELSE coalesce(d.doc_type || ' ', '') || d.doc_number END
           || CASE WHEN c.cited_doc_id LIKE '%|%|%' THEN ' (' || split_part(c.cited_doc_id, '|', 3) || ')' ELSE '' END
           AS cited_name,
       d.doc_type AS cited_type, d.doc_number AS cited_number, d.issue_date AS cited_date, d.issuer AS cited_issuer,
       d.title AS cited_title,
       CASE WHEN c.cited_doc_id LIKE '%|%|%' THEN 'local' ELSE 'national' END AS scope,
       c.relation, c.section_path, c.line_start, c.line_end, c.quote
FROM citations c
JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p ON p.plan_id = c.plan_id
LEFT JOIN cited_documents d ON d.cited_doc_id = c.cited_doc_id
ORDER BY p.plan_year, plan_label, c.line_start
