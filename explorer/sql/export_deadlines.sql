-- Export: deadlines and dated items of the filtered plans (undated ones too); with an agency filter only the
-- items assigned to those agencies (as on the timeline page).
SELECT d.plan_id,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       d.due_date, d.end_date, d.date_precision, d.kind, d.text, d.agency_id,
       d.section_path, d.line_start, d.line_end, d.quote
FROM deadlines d
JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p ON p.plan_id = d.plan_id
WHERE $agency_ids IS NULL OR list_contains($agency_ids, d.agency_id)
ORDER BY p.plan_year NULLS LAST, plan_label, d.due_date NULLS LAST, d.line_start
