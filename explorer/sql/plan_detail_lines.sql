-- The cleaned text of one plan, line by line, with source line spans.
SELECT l.idx, l.line_start, l.line_end, l.text
FROM plan_lines l
WHERE l.plan_id = $plan_id
ORDER BY l.idx
