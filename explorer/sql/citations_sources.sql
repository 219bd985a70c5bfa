-- The citation sentences behind clicked chart points, in the page's order (plan order, then line). A point names
-- a plan and a document ($pairs: plan_id || chr(31) || cited_doc_id), a plan only ($plan_ids), a document only
-- ($doc_ids), or a province and a document ($unit_docs: province ('?' when unknown) || chr(31) || cited_doc_id).
WITH p AS (
    SELECT l.plan_id, l.plan_label, l.plan_rank, coalesce(pl.province, '?') AS unit
    FROM fp_export_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) l
    JOIN plans pl ON pl.plan_id = l.plan_id
)
SELECT c.plan_id, p.plan_label, c.cited_doc_id, c.section_path, c.line_start, c.line_end, c.quote
FROM citations c
JOIN p ON p.plan_id = c.plan_id
WHERE list_contains($pairs, c.plan_id || chr(31) || c.cited_doc_id)
   OR list_contains($plan_ids, c.plan_id)
   OR list_contains($doc_ids, c.cited_doc_id)
   OR list_contains($unit_docs, p.unit || chr(31) || c.cited_doc_id)
ORDER BY p.plan_rank, c.line_start, c.rowid
