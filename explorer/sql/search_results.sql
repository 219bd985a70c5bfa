-- Every result, ranked (rank 1 is the best): the search page's download, read only when it is clicked (and the
-- results themselves when there are only a few). The results and their parameters: the search_hits macro
-- (explorer/sql/filtered_plans.sql); $plan_ids: only those plans (NULL: every filtered plan).
SELECT row_number() OVER (ORDER BY score_rank, plan_id, line_start, kind, item_id) AS rank,
       plan_id, kind, section_path, line_start, line_end, text, matched_terms, hits, themes, agencies, roles
FROM search_hits($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids, $plan_ids,
                 $pattern, $ids, $ranks, $matched, $hits, $kinds)
ORDER BY rank
