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
