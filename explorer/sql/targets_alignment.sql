-- Plans × the six objectives of the National Strategy 2021–2030 (NQ28-M1..M6): how many activities
-- (activities.objectives) and targets (national_target_id prefix) serve each. Zero = a gap.
-- With a theme filter, only activities carrying one of those themes are counted.
-- Counted per plan and objective first, then spread over plans × objectives (no grouping on labels).
WITH f AS (
    SELECT * FROM fp_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
),
act AS (
    SELECT plan_id, objective_id, count(*) AS n
    FROM (SELECT plan_id, unnest(objectives) AS objective_id
          FROM activities
          WHERE plan_id IN (SELECT plan_id FROM f) AND ($theme_ids IS NULL OR list_has_any(themes, $theme_ids)))
    GROUP BY plan_id, objective_id
),
tgt AS (
    SELECT plan_id, regexp_extract(national_target_id, '^NQ28-M[1-6]') AS objective_id, count(*) AS n
    FROM targets
    WHERE plan_id IN (SELECT plan_id FROM f) AND regexp_matches(coalesce(national_target_id, ''), '^NQ28-M[1-6]')
    GROUP BY ALL
)
SELECT f.plan_id, f.plan_year, f.truncated, f.plan_label,
       o.objective_id, o.name_vi AS objective_vi, o.name_en AS objective_en,
       coalesce(act.n, 0) AS activities,
       coalesce(tgt.n, 0) AS targets,
       coalesce(act.n, 0) + coalesce(tgt.n, 0) AS total
FROM f
CROSS JOIN strategy_objectives o
LEFT JOIN act ON act.plan_id = f.plan_id AND act.objective_id = o.objective_id
LEFT JOIN tgt ON tgt.plan_id = f.plan_id AND tgt.objective_id = o.objective_id
ORDER BY f.plan_rank, f.plan_id, o.objective_id
