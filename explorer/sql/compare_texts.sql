-- Text reuse: the distinct folded texts of every plan's paragraphs (lines longer than $min_chars characters), the
-- same for every selection (the compare page keeps them per database). Plans written from templates repeat
-- paragraphs verbatim: ~20,000 texts for the 370,000 paragraphs of 10,000 plans. explorer.reuse.matching_texts
-- scores them against the selected plans' paragraphs; compare_text_plans then reads who carries the matches.
SELECT DISTINCT text_folded
FROM plan_lines
WHERE length(text_folded) > $min_chars
