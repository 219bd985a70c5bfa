-- Pre-aggregated tables (mart_*) for the dashboard's page queries, rebuilt from the plan tables at the end of
-- every ingest, after the analysts' corrections (loaders/marts.py). Each is one SELECT after a "-- mart: <name>"
-- line. They hold nothing the plan tables do not: a page reading a mart sees what it would compute itself, only
-- without scanning 150,000 activities per view. The expressions are the page queries' own.

-- mart: mart_plan_stats
-- One row per plan: how much was extracted from it. theme_mentions: the distinct themes of each activity,
-- summed (an activity with two themes counts twice). agencies: distinct agencies (id, else the name as printed);
-- lead_agencies: those leading at least one task. budget_sources: the distinct sources, sorted (NULL when none).
SELECT p.plan_id,
       coalesce(a.activities, 0) AS activities,
       coalesce(a.theme_mentions, 0) AS theme_mentions,
       coalesce(t.targets, 0) AS targets,
       coalesce(s.sections, 0) AS sections,
       coalesce(c.citations, 0) AS citations,
       coalesce(c.cited_documents, 0) AS cited_documents,
       coalesce(d.deadlines, 0) AS deadlines,
       coalesce(d.dated_deadlines, 0) AS dated_deadlines,
       coalesce(r.agencies, 0) AS agencies,
       coalesce(r.lead_agencies, 0) AS lead_agencies,
       b.budget_sources
FROM plans p
LEFT JOIN (SELECT plan_id, count(*) AS activities, sum(len(list_distinct(themes))) AS theme_mentions
           FROM activities GROUP BY plan_id) a ON a.plan_id = p.plan_id
LEFT JOIN (SELECT plan_id, count(*) AS targets FROM targets GROUP BY plan_id) t ON t.plan_id = p.plan_id
LEFT JOIN (SELECT plan_id, count(*) AS sections FROM sections GROUP BY plan_id) s ON s.plan_id = p.plan_id
LEFT JOIN (SELECT plan_id, count(*) AS citations, count(DISTINCT cited_doc_id) AS cited_documents
           FROM citations GROUP BY plan_id) c ON c.plan_id = p.plan_id
LEFT JOIN (SELECT plan_id, count(*) AS deadlines, count(*) FILTER (WHERE due_date IS NOT NULL) AS dated_deadlines
           FROM deadlines GROUP BY plan_id) d ON d.plan_id = p.plan_id
LEFT JOIN (SELECT plan_id, count(DISTINCT coalesce(agency_id, agency_raw)) AS agencies,
                  count(DISTINCT coalesce(agency_id, agency_raw)) FILTER (WHERE role = 'lead') AS lead_agencies
           FROM responsibilities GROUP BY plan_id) r ON r.plan_id = p.plan_id
LEFT JOIN (SELECT plan_id, list(DISTINCT source ORDER BY source) AS budget_sources
           FROM budget_sources GROUP BY plan_id) b ON b.plan_id = p.plan_id;

-- mart: mart_plan_themes
-- Plan × theme: how many of the plan's activities carry the theme (each activity once per theme).
SELECT plan_id, theme_id, count(*) AS activities
FROM (SELECT plan_id, unnest(list_distinct(themes)) AS theme_id FROM activities)
GROUP BY plan_id, theme_id;

-- mart: mart_citation_pairs
-- Plan × cited document: the strongest relation (legal_basis > implements > guidance), every relation, and how
-- many citation sentences.
SELECT plan_id, cited_doc_id,
       CASE WHEN bool_or(relation = 'legal_basis') THEN 'legal_basis'
            WHEN bool_or(relation = 'implements') THEN 'implements'
            WHEN bool_or(relation = 'guidance') THEN 'guidance'
            ELSE min(relation) END AS relation,
       list_sort(list_distinct(list(relation))) AS relations,
       count(*) AS mentions
FROM citations
GROUP BY plan_id, cited_doc_id;

-- mart: mart_folded_text
-- Every distinct searchable text (activities.text, responsibilities.task, targets.indicator_text) folded as the
-- search matches it: lower case, no diacritics, đ → d.
SELECT text, replace(strip_accents(lower(text)), 'đ', 'd') AS folded
FROM (SELECT text FROM activities UNION SELECT task FROM responsibilities UNION SELECT indicator_text FROM targets)
WHERE text IS NOT NULL;

-- mart: mart_citation_periods
-- Plan × cited document, for the citations that state a programme's period "giai đoạn YYYY - YYYY" (any dash,
-- spaces optional); read by citations_periods and citations_period_cells, so the rule lives here only.
-- The period is read from the cited document's title; when the title has none, from the part of the citing
-- sentence that follows the document's number (up to the next ";" or the next "số ..." reference), so a sentence
-- citing two documents does not lend one document's period to the other. Over the pair's sentences:
-- start_year the earliest start, end_year the latest end, horizon_year the latest "định hướng đến năm YYYY" when
-- it lies beyond end_year (else NULL), period_from 'quote' or 'title' (the first of the two in that order),
-- relations every relation (sorted), line_start and quote the first sentence (the lowest line).
-- The patterns are matched once per distinct (sentence, cited document): plans copy their "Căn cứ" sentences, so
-- there are far fewer of those than citations. A sentence stating no period at all is not cut into its segment
-- (the segment is part of the sentence, so it cannot state one either), and a citation whose sentence lacks
-- "giai" and whose document's title states no period is not read at all.
WITH docs AS (
    SELECT cited_doc_id, doc_number AS cited_number, title AS cited_title,
           regexp_matches(coalesce(title, ''), '(?i)giai\s+đoạn\s*\d{4}\s*[-–—]\s*\d{4}') AS title_has_period
    FROM cited_documents
), c AS MATERIALIZED (  -- read once: the distinct sentences and the join below both use it
    SELECT plan_id, cited_doc_id, relation, line_start, quote
    FROM citations
    WHERE regexp_matches(quote, '(?i)giai') OR cited_doc_id IN (SELECT cited_doc_id FROM docs WHERE title_has_period)
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
)
SELECT c.plan_id, c.cited_doc_id,
       min(y.start_year) AS start_year, max(y.end_year) AS end_year,
       CASE WHEN max(y.horizon_year) > max(y.end_year) THEN max(y.horizon_year) END AS horizon_year,
       min(y.period_from) AS period_from, list_sort(list_distinct(list(c.relation))) AS relations,
       min(c.line_start) AS line_start, arg_min(c.quote, c.line_start) AS quote
FROM c
JOIN years y ON y.quote IS NOT DISTINCT FROM c.quote AND y.cited_doc_id IS NOT DISTINCT FROM c.cited_doc_id
GROUP BY c.plan_id, c.cited_doc_id;
