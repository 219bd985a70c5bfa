-- Cited documents of the filtered plans, most cited first: how many plans cite each, and how often.
SELECT c.cited_doc_id,
       CASE WHEN d.doc_number IS NULL THEN coalesce(d.title, c.cited_doc_id)
            ELSE coalesce(d.doc_type || ' ', '') || d.doc_number END
           || CASE WHEN c.cited_doc_id LIKE '%|%|%' THEN ' (' || split_part(c.cited_doc_id, '|', 3) || ')' ELSE '' END
           AS cited_name,
       d.doc_type AS cited_type, d.issue_date AS cited_date, d.issuer AS cited_issuer, d.title AS cited_title,
       CASE WHEN c.cited_doc_id LIKE '%|%|%' THEN 'local' ELSE 'national' END AS scope,
       count(DISTINCT c.plan_id) AS plans,
       count(*) AS mentions,
       list_sort(list_distinct(list(c.relation))) AS relations,
       string_agg(DISTINCT coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), ''),
                  '; ') AS cited_by
FROM citations c
JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p ON p.plan_id = c.plan_id
LEFT JOIN cited_documents d ON d.cited_doc_id = c.cited_doc_id
GROUP BY ALL
ORDER BY plans DESC, mentions DESC, cited_name
