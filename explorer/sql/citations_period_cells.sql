-- Citations of a programme with a period (as citations_periods, whose rule this repeats) counted per year the
-- period ends × year of the citing plan (NULL when the plan has none): citations, distinct plans and documents,
-- and whether the period ended before the plan's year (outdated).
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
SELECT x.end_year, p.plan_year, count(*) AS citations, count(DISTINCT x.plan_id) AS plans,
       count(DISTINCT x.cited_doc_id) AS docs, coalesce(x.end_year < p.plan_year, false) AS outdated
FROM pairs x
JOIN p ON p.plan_id = x.plan_id
GROUP BY x.end_year, p.plan_year
ORDER BY x.end_year, p.plan_year NULLS LAST
