-- Filtered plans grouped per place. $group: 'unit' (issuing province or district), 'province' (province as
-- issued) or 'province_2025' (province after the 01/07/2025 merger). lat/lon: mean centroid of the issuing
-- units (the page replaces it by the province centroid for the province groupings).
-- activities honour the theme filter (activities with one of the chosen themes).
WITH p AS (
    SELECT p.*,
           coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
               || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
           CASE $group WHEN 'province' THEN p.province
                       WHEN 'province_2025' THEN p.province_2025
                       ELSE coalesce(p.province, '?') || coalesce(' / ' || p.district, '') END AS place_key,
           CASE $group WHEN 'province' THEN p.province
                       WHEN 'province_2025' THEN p.province_2025
                       ELSE coalesce(p.district, p.province) END AS place
    FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
), t AS (
    SELECT plan_id, count(*) AS n FROM targets GROUP BY plan_id
), a AS (
    SELECT plan_id, count(*) AS n FROM activities
    WHERE $theme_ids IS NULL OR list_has_any(themes, $theme_ids)
    GROUP BY plan_id
)
SELECT p.place_key, p.place,
       string_agg(DISTINCT p.province, ', ') AS provinces,
       string_agg(DISTINCT p.province_2025, ', ') AS provinces_2025,
       string_agg(DISTINCT p.level, ', ') AS levels,
       avg(p.lat) AS lat, avg(p.lon) AS lon,
       count(*) AS plans,
       CAST(coalesce(sum(t.n), 0) AS BIGINT) AS targets,
       CAST(coalesce(sum(a.n), 0) AS BIGINT) AS activities,
       min(p.plan_year) AS first_year, max(p.plan_year) AS latest_year,
       string_agg(p.plan_label, '; ' ORDER BY p.plan_year, p.plan_label) AS plan_list,
       list(p.plan_id ORDER BY p.plan_year) AS plan_ids
FROM p
LEFT JOIN t ON t.plan_id = p.plan_id
LEFT JOIN a ON a.plan_id = p.plan_id
WHERE p.place_key IS NOT NULL
GROUP BY p.place_key, p.place
ORDER BY plans DESC, p.place
