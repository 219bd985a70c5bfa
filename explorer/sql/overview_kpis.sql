-- Headline counts for the filtered plans.
WITH f AS (SELECT * FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids))
SELECT
    (SELECT count(*) FROM f) AS plans,
    (SELECT count(DISTINCT province) FROM f) AS provinces,
    (SELECT count(DISTINCT district) FROM f WHERE district IS NOT NULL) AS districts,
    (SELECT count(DISTINCT plan_year) FROM f) AS years,
    (SELECT count(*) FROM targets WHERE plan_id IN (SELECT plan_id FROM f)) AS targets,
    (SELECT count(*) FROM activities WHERE plan_id IN (SELECT plan_id FROM f)) AS activities,
    (SELECT count(DISTINCT coalesce(agency_id, agency_raw)) FROM responsibilities WHERE plan_id IN (SELECT plan_id FROM f)) AS agencies
