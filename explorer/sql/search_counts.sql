-- Results per plan and kind, with the best score rank among them and how many match $n_terms terms (every term):
-- the search page's metrics, its plans in order (by their best result, then plan_id: where their first result
-- stands in the ranked list) and its chart. One small row per plan and kind, not the 200,000 results behind them.
-- The search results: activities (text), responsibilities (task: one row per sentence, with its agencies and their
-- roles) and targets (indicator_text) of the filtered plans, of the kinds $kinds (NULL: all), whose text
-- explorer.search scored (explorer.search.score_texts over search_texts). The scores come in as parallel lists, one
-- entry per text that matches: $ids (its text_id in search_texts, the same $pattern), $ranks (the dense rank of
-- Score.rank_key, 0 best), $matched (terms matched) and $hits. Texts are joined by that small id, never by passing
-- them back. The theme/agency filters also restrict activities/responsibilities to matching rows. A result's place:
-- its score rank, then as the search always listed them, plan_id, line_start, kind; item_id breaks the last ties
-- (an activity's or target's rowid, the first rowid of a responsibility sentence). $plan_ids: only those plans
-- (NULL: every filtered plan).
WITH f AS (
    SELECT plan_id FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
    WHERE $plan_ids IS NULL OR plan_id IN (SELECT unnest($plan_ids))
),
candidates AS (
    SELECT text, row_number() OVER (ORDER BY text) AS text_id
    FROM mart_folded_text
    WHERE $pattern IS NOT NULL AND regexp_matches(folded, $pattern)
),
scored AS (
    SELECT c.text, s.text_id, s.score_rank, s.matched_terms, s.hits
    FROM (SELECT unnest($ids) AS text_id, unnest($ranks) AS score_rank, unnest($matched) AS matched_terms,
                 unnest($hits) AS hits) s
    JOIN candidates c ON c.text_id = s.text_id
),
results AS (  -- per result only what is counted: a responsibility result is one sentence (its agencies aside)
    SELECT 'activity' AS kind, a.plan_id, s.score_rank, s.matched_terms
    FROM activities a JOIN scored s ON s.text = a.text
    WHERE ($kinds IS NULL OR list_contains($kinds, 'activity')) AND a.plan_id IN (SELECT plan_id FROM f)
      AND ($theme_ids IS NULL OR list_has_any(a.themes, $theme_ids))
    UNION ALL
    SELECT 'responsibility', plan_id, score_rank, matched_terms
    FROM (SELECT DISTINCT r.plan_id, r.section_path, r.line_start, r.line_end, s.text_id, s.score_rank, s.matched_terms
          FROM responsibilities r JOIN scored s ON s.text = r.task
          WHERE ($kinds IS NULL OR list_contains($kinds, 'responsibility')) AND r.plan_id IN (SELECT plan_id FROM f)
            AND ($agency_ids IS NULL OR list_contains($agency_ids, r.agency_id)))
    UNION ALL
    SELECT 'target', t.plan_id, s.score_rank, s.matched_terms
    FROM targets t JOIN scored s ON s.text = t.indicator_text
    WHERE ($kinds IS NULL OR list_contains($kinds, 'target')) AND t.plan_id IN (SELECT plan_id FROM f)
)
SELECT plan_id, kind, count(*) AS results, min(score_rank) AS best,
       count(*) FILTER (WHERE matched_terms >= $n_terms) AS with_every_term
FROM results
GROUP BY plan_id, kind
ORDER BY plan_id, kind
