-- Values offered by the sidebar filters.
SELECT 'province' AS kind, province AS value FROM plans WHERE province IS NOT NULL
UNION SELECT 'province_2025', province_2025 FROM plans WHERE province_2025 IS NOT NULL
UNION SELECT 'level', level FROM plans WHERE level IS NOT NULL
UNION SELECT 'doc_type', doc_type FROM plans WHERE doc_type IS NOT NULL
UNION SELECT 'year', CAST(plan_year AS VARCHAR) FROM plans WHERE plan_year IS NOT NULL
UNION SELECT 'theme', theme_id FROM themes
UNION SELECT 'agency', agency_id FROM responsibilities WHERE agency_id IS NOT NULL
UNION SELECT 'agency', proposing_agency_id FROM plans WHERE proposing_agency_id IS NOT NULL
