-- Targets of the compared plans.
SELECT t.plan_id, t.indicator_key, t.indicator_text, t.comparator, t.value, t.value_max, t.unit, t.target_year,
       t.national_target_id, t.section_path, t.line_start, t.line_end, t.quote
FROM targets t
WHERE list_contains($plan_ids, t.plan_id)
ORDER BY t.plan_id, t.line_start
