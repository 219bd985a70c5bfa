-- Plans without a plan year or a province: the review queue.
SELECT p.plan_id, p.source_path, p.doc_type, p.doc_number, p.issuer, p.title, p.plan_year, p.province, p.district,
       p.province_2025, p.level
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
WHERE p.plan_year IS NULL OR p.province IS NULL
ORDER BY p.source_path
