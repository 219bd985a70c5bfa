-- Plans × the six objectives of the National Strategy 2021–2030 (NQ28-M1..M6): how many activities
-- (activities.objectives) and targets (national_target_id prefix) serve each. Zero = a gap.
-- With a theme filter, only activities carrying one of those themes are counted.
WITH f AS (SELECT * FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)),
items AS (
    SELECT plan_id, unnest(objectives) AS objective_id, 'activity' AS kind
    FROM activities
    WHERE plan_id IN (SELECT plan_id FROM f) AND ($theme_ids IS NULL OR list_has_any(themes, $theme_ids))
    UNION ALL
    SELECT plan_id, regexp_extract(national_target_id, '^NQ28-M[1-6]') AS objective_id, 'target' AS kind
    FROM targets
    WHERE plan_id IN (SELECT plan_id FROM f) AND regexp_matches(coalesce(national_target_id, ''), '^NQ28-M[1-6]')
)
SELECT f.plan_id, f.plan_year, f.truncated,
       coalesce(f.district, f.province) || ' ' || coalesce(CAST(f.plan_year AS VARCHAR), '?') || ' · '
           || coalesce(f.doc_number, f.doc_type) AS plan_label,
       o.objective_id, o.name_vi AS objective_vi, o.name_en AS objective_en,
       count(i.kind) FILTER (WHERE i.kind = 'activity') AS activities,
       count(i.kind) FILTER (WHERE i.kind = 'target') AS targets,
       count(i.kind) AS total
FROM f
CROSS JOIN strategy_objectives o
LEFT JOIN items i ON i.plan_id = f.plan_id AND i.objective_id = o.objective_id
GROUP BY ALL
ORDER BY f.plan_year NULLS LAST, plan_label, o.objective_id
