-- Cited programmes/plans with a period "giai đoạn YYYY - YYYY" (any dash, spaces optional), per citing plan.
-- The period is read from the cited document's title; when the title has none, from the part of the citing
-- sentence that follows the document's number (up to the next ";" or the next "số ..." reference), so a
-- sentence citing two documents does not lend one document's period to the other.
-- outdated: the period ended before the plan's year (end_year < plan_year). horizon_year ("định hướng đến
-- năm YYYY" beyond the period's end) is shown for context only and does not change the flag.
WITH cites AS (
    SELECT c.plan_id, c.cited_doc_id, c.relation, c.line_start, c.quote,
           p.plan_year, p.district, p.province, p.issuer, p.doc_number, p.doc_type,
           d.doc_type AS cited_type, d.doc_number AS cited_number, d.title AS cited_title,
           CASE WHEN d.doc_number IS NOT NULL AND strpos(c.quote, d.doc_number) > 0
                THEN regexp_replace(substr(c.quote, strpos(c.quote, d.doc_number) + length(d.doc_number)),
                                    '(;|\s+số\s+\d).*$', '', 's') END AS segment,
           regexp_matches(coalesce(d.title, ''), '(?i)giai\s+đoạn\s*\d{4}\s*[-–—]\s*\d{4}') AS title_has_period
    FROM citations c
    JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p ON p.plan_id = c.plan_id
    LEFT JOIN cited_documents d ON d.cited_doc_id = c.cited_doc_id
), texts AS (
    SELECT *, CASE WHEN title_has_period THEN 'title' ELSE 'quote' END AS period_from,
           coalesce(CASE WHEN title_has_period THEN cited_title ELSE segment END, '') AS period_text
    FROM cites
), years AS (
    SELECT *,
           list_min(list_transform(regexp_extract_all(period_text, '(?i)giai\s+đoạn\s*(\d{4})\s*[-–—]\s*(\d{4})', 1),
                                   lambda y: CAST(y AS INTEGER))) AS start_year,
           list_max(list_transform(regexp_extract_all(period_text, '(?i)giai\s+đoạn\s*(\d{4})\s*[-–—]\s*(\d{4})', 2),
                                   lambda y: CAST(y AS INTEGER))) AS end_year,
           list_max(list_transform(regexp_extract_all(period_text, '(?i)đến\s+năm\s+(\d{4})', 1),
                                   lambda y: CAST(y AS INTEGER))) AS horizon_year
    FROM texts
), pairs AS (
    SELECT plan_id, plan_year, district, province, issuer, doc_number, doc_type,
           cited_doc_id, cited_type, cited_number, cited_title,
           min(start_year) AS start_year, max(end_year) AS end_year, max(horizon_year) AS horizon_year,
           min(period_from) AS period_from, list_sort(list_distinct(list(relation))) AS relations,
           min(line_start) AS line_start, arg_min(quote, line_start) AS quote
    FROM years
    WHERE end_year IS NOT NULL
    GROUP BY plan_id, plan_year, district, province, issuer, doc_number, doc_type,
             cited_doc_id, cited_type, cited_number, cited_title
)
SELECT plan_id,
       coalesce(district, province, issuer, '?') || ' ' || coalesce(CAST(plan_year AS VARCHAR), '') || ' · '
           || coalesce(doc_number, doc_type, '') AS plan_label,
       plan_year, cited_doc_id,
       CASE WHEN cited_number IS NULL THEN coalesce(cited_title, cited_doc_id)
            ELSE coalesce(cited_type || ' ', '') || cited_number END
           || CASE WHEN cited_doc_id LIKE '%|%|%' THEN ' (' || split_part(cited_doc_id, '|', 3) || ')' ELSE '' END
           AS cited_name,
       cited_title, start_year, end_year,
       CASE WHEN horizon_year > end_year THEN horizon_year END AS horizon_year, period_from,
       coalesce(end_year < plan_year, false) AS outdated,
       relations, line_start, quote
FROM pairs
ORDER BY outdated DESC, plan_year, plan_label, end_year
