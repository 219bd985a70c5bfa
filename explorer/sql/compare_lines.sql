-- Paragraphs of every plan (lines longer than $min_chars characters), for the text-reuse comparison.
SELECT l.plan_id, l.idx, l.line_start, l.line_end, l.text, l.text_folded
FROM plan_lines l
WHERE length(l.text_folded) > $min_chars
ORDER BY l.plan_id, l.idx
