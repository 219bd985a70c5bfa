-- One row per filtered plan, newest first (sections counted in mart_plan_stats).
SELECT p.plan_id, p.province, p.province_2025, p.district, p.level, p.plan_year, p.doc_type, p.doc_number,
       p.issue_date, p.issue_date_precision, p.signer, p.title, p.truncated, p.source_path,
       s.sections
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
JOIN mart_plan_stats s ON s.plan_id = p.plan_id
ORDER BY p.plan_year DESC NULLS LAST, p.issue_date DESC NULLS LAST, p.province
