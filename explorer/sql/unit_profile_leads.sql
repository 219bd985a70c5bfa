-- Lead agencies (role 'lead') of one unit's plans, one row per lead assignment with its source sentence.
-- Honours the agency filter.
SELECT r.plan_id, coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label, p.plan_year,
       coalesce(r.agency_id, r.agency_raw) AS agency_key, r.agency_id, r.agency_raw,
       coalesce(ag.name, r.agency_name, r.agency_raw) AS agency_name, coalesce(ag.sector, r.sector) AS sector,
       r.task, r.section_path, r.line_start, r.line_end, r.quote
FROM responsibilities r
JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p ON p.plan_id = r.plan_id
LEFT JOIN agencies ag ON ag.agency_id = r.agency_id
WHERE $prov IS NOT NULL AND p.province = $prov AND ($dist IS NULL OR p.district = $dist) AND r.role = 'lead' AND p.plan_year IS NOT NULL
  AND ($agency_ids IS NULL OR list_contains($agency_ids, r.agency_id))
ORDER BY p.plan_year, agency_name, r.line_start
