-- Results per plan and kind, with the best score rank among them and how many match $n_terms terms (every term):
-- the search page's metrics, its plans in order (by their best result, then plan_id: where their first result
-- stands in the ranked list) and its chart. One small row per plan and kind, not the 200,000 results behind them.
-- The results counted are those of the search_hits macro (explorer/sql/filtered_plans.sql: what each parameter
-- means), without the agency lists a count does not need; $plan_ids: only those plans (NULL: every filtered plan).
WITH f AS (
    SELECT plan_id FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
    WHERE $plan_ids IS NULL OR plan_id IN (SELECT unnest($plan_ids))
),
scored AS (SELECT * FROM search_scored($pattern, $ids, $ranks, $matched, $hits)),
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
