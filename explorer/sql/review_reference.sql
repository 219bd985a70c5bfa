-- Canonical agencies, indicators and themes (copies of data/reference/), for the review editors' choices.
SELECT 'agency' AS kind, agency_id AS id, name AS name, sector AS extra, level AS extra2 FROM agencies
UNION ALL
SELECT 'indicator', indicator_key, name_vi, national_target_id, NULL FROM indicators
UNION ALL
SELECT 'theme', theme_id, name_vi, name_en, NULL FROM themes
ORDER BY kind, name
