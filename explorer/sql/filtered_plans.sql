-- fp(...): the plans that pass the sidebar filters. A NULL argument means "no filter".
-- The theme filter unnests the activities' theme lists (a plain column) rather than testing each list.
CREATE OR REPLACE TEMP MACRO fp(provs, provs25, levels, y0, y1, dtypes, theme_ids, agency_ids) AS TABLE
SELECT p.*
FROM plans p
WHERE (provs IS NULL OR list_contains(provs, p.province))
  AND (provs25 IS NULL OR list_contains(provs25, p.province_2025))
  AND (levels IS NULL OR list_contains(levels, p.level))
  AND (y0 IS NULL OR p.plan_year >= y0)
  AND (y1 IS NULL OR p.plan_year <= y1)
  AND (dtypes IS NULL OR list_contains(dtypes, p.doc_type))
  AND (theme_ids IS NULL OR p.plan_id IN (
        SELECT a.plan_id FROM (SELECT plan_id, unnest(themes) AS theme_id FROM activities) a
        WHERE list_contains(theme_ids, a.theme_id)))
  AND (agency_ids IS NULL OR list_contains(agency_ids, p.proposing_agency_id) OR p.plan_id IN (
        SELECT r.plan_id FROM responsibilities r WHERE list_contains(agency_ids, r.agency_id)));

-- fp_labeled(...): the filtered plans with their label ("Lạng Giang 2024 · 12/KH-UBND") and sort rank (year,
-- then label), computed once per plan rather than once per row of the table a page query joins them to.
CREATE OR REPLACE TEMP MACRO fp_labeled(provs, provs25, levels, y0, y1, dtypes, theme_ids, agency_ids) AS TABLE
SELECT *, dense_rank() OVER (ORDER BY plan_year NULLS LAST, plan_label) AS plan_rank
FROM (SELECT plan_id, plan_year, truncated,
             coalesce(district, province) || ' ' || coalesce(CAST(plan_year AS VARCHAR), '?') || ' · '
                 || coalesce(doc_number, doc_type) AS plan_label
      FROM fp(provs, provs25, levels, y0, y1, dtypes, theme_ids, agency_ids));

-- fp_export_labeled(...): the same for exports, whose label is never NULL (issuer or "?" when the unit is unknown).
CREATE OR REPLACE TEMP MACRO fp_export_labeled(provs, provs25, levels, y0, y1, dtypes, theme_ids, agency_ids) AS TABLE
SELECT *, dense_rank() OVER (ORDER BY plan_year NULLS LAST, plan_label) AS plan_rank
FROM (SELECT plan_id, plan_year,
             coalesce(district, province, issuer, '?') || ' ' || coalesce(CAST(plan_year AS VARCHAR), '') || ' · '
                 || coalesce(doc_number, doc_type, '') AS plan_label
      FROM fp(provs, provs25, levels, y0, y1, dtypes, theme_ids, agency_ids));

-- search_scored(...): the texts explorer.search scored (explorer.search.score_texts over search_texts), one row
-- each: the scores come in as parallel lists, one entry per matching text: score_ids (its text_id in
-- search_texts, under the same text_pattern), score_ranks (the dense rank of Score.rank_key, 0 best),
-- score_matched (terms matched) and score_hits. Texts are joined by that small id, never passed back.
CREATE OR REPLACE TEMP MACRO search_scored(text_pattern, score_ids, score_ranks, score_matched, score_hits) AS TABLE
SELECT c.text, s.text_id, s.score_rank, s.matched_terms, s.hits
FROM (SELECT unnest(score_ids) AS text_id, unnest(score_ranks) AS score_rank, unnest(score_matched) AS matched_terms,
             unnest(score_hits) AS hits) s
JOIN (SELECT text, row_number() OVER (ORDER BY text) AS text_id
      FROM mart_folded_text
      WHERE text_pattern IS NOT NULL AND regexp_matches(folded, text_pattern)) c ON c.text_id = s.text_id;

-- search_hits(...): the search results: activities (text), responsibilities (task: one row per sentence, with
-- its agencies and their roles) and targets (indicator_text) of the filtered plans (only_plans: only those; NULL:
-- every one), of the kinds want_kinds (NULL: all), whose text was scored (search_scored). The theme/agency
-- filters also restrict activities/responsibilities to matching rows. A result's place: its score rank, then as
-- the search always listed them, plan_id, line_start, kind; item_id breaks the last ties (an activity's or
-- target's rowid, the first rowid of a responsibility sentence).
CREATE OR REPLACE TEMP MACRO search_hits(provs, provs25, levels, y0, y1, dtypes, theme_ids, agency_ids, only_plans,
                                         text_pattern, score_ids, score_ranks, score_matched, score_hits,
                                         want_kinds) AS TABLE
WITH f AS (
    SELECT plan_id FROM fp(provs, provs25, levels, y0, y1, dtypes, theme_ids, agency_ids)
    WHERE only_plans IS NULL OR plan_id IN (SELECT unnest(only_plans))
),
scored AS (SELECT * FROM search_scored(text_pattern, score_ids, score_ranks, score_matched, score_hits))
SELECT 'activity' AS kind, a.rowid AS item_id, a.plan_id, a.section_path, a.line_start, a.line_end, a.text,
       a.themes, NULL::VARCHAR[] AS agencies, NULL::VARCHAR[] AS roles, s.score_rank, s.matched_terms, s.hits
FROM activities a JOIN scored s ON s.text = a.text
WHERE (want_kinds IS NULL OR list_contains(want_kinds, 'activity')) AND a.plan_id IN (SELECT plan_id FROM f)
  AND (theme_ids IS NULL OR list_has_any(a.themes, theme_ids))
UNION ALL
SELECT 'responsibility', min(r.rowid), r.plan_id, r.section_path, r.line_start, r.line_end, any_value(r.task),
       NULL::VARCHAR[], list(coalesce(r.agency_id, r.agency_raw) ORDER BY r.agency_raw),
       list(r.role ORDER BY r.agency_raw), any_value(s.score_rank), any_value(s.matched_terms), any_value(s.hits)
FROM responsibilities r JOIN scored s ON s.text = r.task
WHERE (want_kinds IS NULL OR list_contains(want_kinds, 'responsibility')) AND r.plan_id IN (SELECT plan_id FROM f)
  AND (agency_ids IS NULL OR list_contains(agency_ids, r.agency_id))
GROUP BY r.plan_id, r.section_path, r.line_start, r.line_end, s.text_id
UNION ALL
SELECT 'target', t.rowid, t.plan_id, t.section_path, t.line_start, t.line_end, t.indicator_text, NULL, NULL, NULL,
       s.score_rank, s.matched_terms, s.hits
FROM targets t JOIN scored s ON s.text = t.indicator_text
WHERE (want_kinds IS NULL OR list_contains(want_kinds, 'target')) AND t.plan_id IN (SELECT plan_id FROM f);
