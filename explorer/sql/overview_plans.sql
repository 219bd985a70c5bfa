-- One row per filtered plan, newest first.
SELECT p.plan_id, p.province, p.province_2025, p.district, p.level, p.plan_year, p.doc_type, p.doc_number,
       p.issue_date, p.issue_date_precision, p.signer, p.title, p.truncated, p.source_path,
       (SELECT count(*) FROM sections s WHERE s.plan_id = p.plan_id) AS sections
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
ORDER BY p.plan_year DESC NULLS LAST, p.issue_date DESC NULLS LAST, p.province
