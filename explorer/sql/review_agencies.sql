-- Responsibilities whose agency is not in the reference list (agency_id IS NULL): the review queue.
SELECT r.plan_id, concat_ws(' · ', coalesce(p.district, p.province, p.source_path), p.plan_year, p.doc_number) AS plan_label,
       r.section_path, r.line_start, r.line_end, r.agency_raw, r.agency_id, r.agency_name, r.sector, r.role, r.task,
       r.quote
FROM responsibilities r
JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p USING (plan_id)
WHERE r.agency_id IS NULL
ORDER BY r.agency_raw, plan_label, r.line_start, r.role
