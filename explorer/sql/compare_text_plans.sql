-- Text reuse: every paragraph (line longer than $min_chars characters) whose folded text is one of $texts (the texts
-- matching a selected plan's paragraph), as plan_id, idx and k, the text's position in $texts (1-based). In no
-- order: explorer.reuse sorts them with the selected plans' paragraphs (sorting 350,000 rows here costs ~50 ms).
WITH wanted AS (
    SELECT unnest($texts) AS text_folded, unnest(range(1, len($texts) + 1)) AS k
)
SELECT l.plan_id, l.idx, w.k
FROM plan_lines l
JOIN wanted w ON w.text_folded = l.text_folded
WHERE length(l.text_folded) > $min_chars
