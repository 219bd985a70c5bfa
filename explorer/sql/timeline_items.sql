-- Dated items (deadlines, Action Month, commemorative days, events) of the filtered plans.
-- With an agency filter, only the items assigned to one of those agencies are kept.
-- $kinds: NULL for all kinds, else a list of kind codes.
SELECT d.plan_id,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       p.province, p.district, p.level, p.plan_year,
       d.kind, d.due_date, d.end_date, d.date_precision, d.agency_id, d.text,
       d.section_path, d.line_start, d.line_end, d.quote
FROM deadlines d
JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p ON p.plan_id = d.plan_id
WHERE d.due_date IS NOT NULL
  AND ($agency_ids IS NULL OR list_contains($agency_ids, d.agency_id))
  AND ($kinds IS NULL OR list_contains($kinds, d.kind))
ORDER BY d.due_date, plan_label, d.line_start
