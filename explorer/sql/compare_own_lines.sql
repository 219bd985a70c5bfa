-- Text reuse: the paragraphs (lines longer than $min_chars characters) of the selected plans, with their text.
SELECT l.plan_id, l.idx, l.line_start, l.line_end, l.text, l.text_folded
FROM plan_lines l
WHERE l.plan_id IN (SELECT unnest($plan_ids)) AND length(l.text_folded) > $min_chars
ORDER BY l.plan_id, l.idx
