-- Search candidates: every distinct searchable text (activities.text, responsibilities.task, targets.indicator_text,
-- folded once at ingest in mart_folded_text: lower case, no diacritics, đ → d) matching $pattern, an RE2 regex
-- (explorer.search.prefilter_pattern: any term, looser than the exact match), numbered in text order (text_id; the
-- other search_* queries number them the same way). explorer.search.score_texts scores each text once (a score
-- depends on the text alone) and those queries count, rank and list the rows carrying the texts that match:
-- thousands of texts here, not the 200,000 rows that can carry them.
SELECT row_number() OVER (ORDER BY text) AS text_id, text
FROM mart_folded_text
WHERE $pattern IS NOT NULL AND regexp_matches(folded, $pattern)
ORDER BY text_id
