-- Activities no theme keyword matched (theme 'other'): the review queue. $theme_ids also filters the rows.
SELECT a.plan_id, concat_ws(' · ', coalesce(p.district, p.province, p.source_path), p.plan_year, p.doc_number) AS plan_label,
       a.section_path, a.line_start, a.line_end, a.text, a.themes, a.objectives, a.timeframe, a.quote
FROM activities a
JOIN fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p USING (plan_id)
WHERE list_contains(a.themes, 'other')
  AND ($theme_ids IS NULL OR list_has_any(a.themes, $theme_ids))
ORDER BY plan_label, a.line_start
