-- Every extracted row of one plan (targets, activities, responsibilities, citations, deadlines, budget sources,
-- initiatives) with its source line span; activities limited to $theme_ids and responsibilities to $agency_ids.
SELECT 'target' AS item, t.line_start, t.line_end, t.section_path, t.value, t.value_max, t.unit, t.comparator,
       t.indicator_key AS code, t.indicator_text AS name, t.target_year AS year
FROM targets t WHERE t.plan_id = $plan_id
UNION ALL BY NAME
SELECT 'activity' AS item, a.line_start, a.line_end, a.section_path, a.themes, a.timeframe AS name
FROM activities a
WHERE a.plan_id = $plan_id AND ($theme_ids IS NULL OR list_has_any(a.themes, $theme_ids))
UNION ALL BY NAME
SELECT 'responsibility' AS item, r.line_start, r.line_end, r.section_path, r.agency_id AS code,
       coalesce(r.agency_name, r.agency_raw) AS name, r.role
FROM responsibilities r
WHERE r.plan_id = $plan_id AND ($agency_ids IS NULL OR list_contains($agency_ids, r.agency_id))
UNION ALL BY NAME
SELECT 'citation' AS item, c.line_start, c.line_end, c.section_path, c.cited_doc_id AS code,
       coalesce(d.doc_number, d.title, c.cited_doc_id) AS name, c.relation AS role
FROM citations c LEFT JOIN cited_documents d ON d.cited_doc_id = c.cited_doc_id
WHERE c.plan_id = $plan_id
UNION ALL BY NAME
SELECT 'deadline' AS item, d.line_start, d.line_end, d.section_path, d.due_date, d.end_date, d.date_precision,
       d.kind AS role, d.agency_id AS code, d.text AS name
FROM deadlines d WHERE d.plan_id = $plan_id
UNION ALL BY NAME
SELECT 'budget' AS item, b.line_start, b.line_end, b.section_path, b.source AS code
FROM budget_sources b WHERE b.plan_id = $plan_id
UNION ALL BY NAME
SELECT 'initiative' AS item, i.line_start, i.line_end, i.section_path, i.initiative_key AS code, i.name
FROM initiatives i WHERE i.plan_id = $plan_id
ORDER BY line_start, line_end, item
