-- Plan → cited document pairs of the filtered plans. relation is the strongest one the plan uses
-- (legal_basis > implements > guidance); relations lists all of them.
SELECT c.plan_id,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       p.plan_year, p.level,
       c.cited_doc_id,
       CASE WHEN d.doc_number IS NULL THEN coalesce(d.title, c.cited_doc_id)
            ELSE coalesce(d.doc_type || ' ', '') || d.doc_number END
           || CASE WHEN c.cited_doc_id LIKE '%|%|%' THEN ' (' || split_part(c.cited_doc_id, '|', 3) || ')' ELSE '' END
           AS cited_name,
       d.title AS cited_title,
       CASE WHEN c.cited_doc_id LIKE '%|%|%' THEN 'local' ELSE 'national' END AS scope,
       CASE WHEN bool_or(c.relation = 'legal_basis') THEN 'legal_basis'
            WHEN bool_or(c.relation = 'implements') THEN 'implements'
            WHEN bool_or(c.relation = 'guidance') THEN 'guidance'
            ELSE min(c.relation) END AS relation,
       list_sort(list_distinct(list(c.relation))) AS relations,
       count(*) AS mentions
FROM citations c
JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p ON p.plan_id = c.plan_id
LEFT JOIN cited_documents d ON d.cited_doc_id = c.cited_doc_id
GROUP BY ALL
ORDER BY p.plan_year, plan_label, cited_name
