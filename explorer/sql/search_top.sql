-- The best $per_plan results of each plan of $plan_ids (the plans the page shows), best first. The results and
-- their parameters: the search_hits macro (explorer/sql/filtered_plans.sql).
SELECT kind, plan_id, section_path, line_start, line_end, text, themes, agencies, roles, matched_terms, hits
FROM search_hits($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids, $plan_ids,
                 $pattern, $ids, $ranks, $matched, $hits, $kinds)
QUALIFY row_number() OVER (PARTITION BY plan_id ORDER BY score_rank, line_start, kind, item_id) <= $per_plan
ORDER BY plan_id, score_rank, line_start, kind, item_id
