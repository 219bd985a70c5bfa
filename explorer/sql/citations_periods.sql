-- paged: read 200 rows at a time by explorer.ui.paged (LIMIT/OFFSET), plus a count (the outdated ones).
-- Cited programmes/plans with a period "giai đoạn YYYY - YYYY" (any dash, spaces optional), per citing plan.
-- The period is read from the cited document's title; when the title has none, from the part of the citing
-- sentence that follows the document's number (up to the next ";" or the next "số ..." reference), so a
-- sentence citing two documents does not lend one document's period to the other.
-- outdated: the period ended before the plan's year (end_year < plan_year). horizon_year ("định hướng đến
-- năm YYYY" beyond the period's end) is shown for context only and does not change the flag.
-- The patterns are matched once per distinct (sentence, cited document): plans copy their "Căn cứ" sentences,
-- so there are far fewer of those than citations. A sentence stating no period at all is not cut into its
-- segment (the segment is part of the sentence, so it cannot state one either), and a citation whose sentence
-- lacks "giai" and whose document's title states no period is not read at all.
-- $outdated_only: only the outdated citations (the page's list); $cells: only those whose period end and plan year
-- are listed as 'end|year' (the sentences behind clicked cells); NULL: every citation with a period.
WITH p AS NOT MATERIALIZED (
    SELECT plan_id, plan_year, district, province, issuer, doc_number, doc_type
    FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
), docs AS (
    SELECT cited_doc_id, doc_type AS cited_type, doc_number AS cited_number, title AS cited_title,
           regexp_matches(coalesce(title, ''), '(?i)giai\s+đoạn\s*\d{4}\s*[-–—]\s*\d{4}') AS title_has_period
    FROM cited_documents
), c AS MATERIALIZED (  -- read once: the distinct sentences and the join below both use it
    SELECT plan_id, cited_doc_id, relation, line_start, quote
    FROM citations
    WHERE plan_id IN (SELECT plan_id FROM p)
      AND (regexp_matches(quote, '(?i)giai') OR cited_doc_id IN (SELECT cited_doc_id FROM docs WHERE title_has_period))
), texts AS (
    SELECT s.quote, s.cited_doc_id,
           CASE WHEN coalesce(d.title_has_period, false) THEN 'title' ELSE 'quote' END AS period_from,
           coalesce(CASE WHEN coalesce(d.title_has_period, false) THEN d.cited_title
                         WHEN d.cited_number IS NOT NULL AND strpos(s.quote, d.cited_number) > 0
                         THEN regexp_replace(substr(s.quote, strpos(s.quote, d.cited_number) + length(d.cited_number)),
                                             '(;|\s+số\s+\d).*$', '', 's') END, '') AS period_text
    FROM (SELECT DISTINCT quote, cited_doc_id FROM c) s
    LEFT JOIN docs d ON d.cited_doc_id = s.cited_doc_id
    WHERE coalesce(d.title_has_period, false) OR regexp_matches(s.quote, '(?i)giai\s+đoạn\s*\d{4}\s*[-–—]\s*\d{4}')
), years AS (
    SELECT *
    FROM (SELECT quote, cited_doc_id, period_from,
                 list_min(list_transform(regexp_extract_all(period_text, '(?i)giai\s+đoạn\s*(\d{4})\s*[-–—]\s*(\d{4})', 1),
                                         lambda y: CAST(y AS INTEGER))) AS start_year,
                 list_max(list_transform(regexp_extract_all(period_text, '(?i)giai\s+đoạn\s*(\d{4})\s*[-–—]\s*(\d{4})', 2),
                                         lambda y: CAST(y AS INTEGER))) AS end_year,
                 list_max(list_transform(regexp_extract_all(period_text, '(?i)đến\s+năm\s+(\d{4})', 1),
                                         lambda y: CAST(y AS INTEGER))) AS horizon_year
          FROM texts)
    WHERE end_year IS NOT NULL
), pairs AS (
    SELECT c.plan_id, c.cited_doc_id,
           min(y.start_year) AS start_year, max(y.end_year) AS end_year, max(y.horizon_year) AS horizon_year,
           min(y.period_from) AS period_from, list_sort(list_distinct(list(c.relation))) AS relations,
           min(c.line_start) AS line_start, arg_min(c.quote, c.line_start) AS quote
    FROM c
    JOIN years y ON y.quote IS NOT DISTINCT FROM c.quote AND y.cited_doc_id IS NOT DISTINCT FROM c.cited_doc_id
    GROUP BY c.plan_id, c.cited_doc_id
)
SELECT x.plan_id,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       p.plan_year, x.cited_doc_id,
       CASE WHEN d.cited_number IS NULL THEN coalesce(d.cited_title, x.cited_doc_id)
            ELSE coalesce(d.cited_type || ' ', '') || d.cited_number END
           || CASE WHEN x.cited_doc_id LIKE '%|%|%' THEN ' (' || split_part(x.cited_doc_id, '|', 3) || ')' ELSE '' END
           AS cited_name,
       d.cited_title, x.start_year, x.end_year,
       CASE WHEN x.horizon_year > x.end_year THEN x.horizon_year END AS horizon_year, x.period_from,
       coalesce(x.end_year < p.plan_year, false) AS outdated,
       x.relations, x.line_start, x.quote
FROM pairs x
JOIN p ON p.plan_id = x.plan_id
LEFT JOIN docs d ON d.cited_doc_id = x.cited_doc_id
WHERE ($outdated_only IS NULL OR NOT $outdated_only OR coalesce(x.end_year < p.plan_year, false))
  AND ($cells IS NULL OR list_contains($cells, CAST(x.end_year AS VARCHAR) || '|' || CAST(p.plan_year AS VARCHAR)))
ORDER BY outdated DESC, p.plan_year, plan_label, x.end_year, x.plan_id, x.cited_doc_id
