-- Export: who does what in the filtered plans; with an agency filter only those agencies' rows.
SELECT r.plan_id,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       r.agency_raw, r.agency_id, r.agency_name, r.sector, r.role, r.task,
       r.section_path, r.line_start, r.line_end, r.quote
FROM responsibilities r
JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p ON p.plan_id = r.plan_id
WHERE $agency_ids IS NULL OR list_contains($agency_ids, r.agency_id)
ORDER BY p.plan_year NULLS LAST, plan_label, r.line_start, r.agency_raw
