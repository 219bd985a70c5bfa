-- Dated items (deadlines, Action Month, commemorative days, events) of the plans in $plan_ids.
SELECT d.plan_id, d.kind, d.due_date, d.end_date, d.date_precision, d.agency_id,
       coalesce(ag.short_name, d.agency_id) AS agency, d.text, d.section_path, d.line_start, d.line_end, d.quote
FROM deadlines d
LEFT JOIN agencies ag ON ag.agency_id = d.agency_id
WHERE list_contains($plan_ids, d.plan_id) AND d.due_date IS NOT NULL
ORDER BY d.due_date, d.plan_id, d.line_start
