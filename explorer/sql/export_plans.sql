-- paged: the export page previews its first 200 rows (explorer.data.query_page); the downloads read them all.
-- Export: one row per filtered plan, every column of the plans table except the file bookkeeping.
SELECT p.plan_id,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       p.doc_type, p.doc_number, p.doc_number_raw, p.issue_date, p.issue_date_precision, p.issuer, p.level,
       p.province, p.district, p.province_2025, p.lat, p.lon, p.plan_year, p.title, p.signer, p.signer_title,
       p.proposing_agency, p.proposing_agency_id, p.recipients, p.implements, p.truncated, p.warnings,
       p.source_path, p.file_format, p.sha256, p.bytes, p.ingested_at
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
ORDER BY p.plan_year NULLS LAST, p.issue_date NULLS LAST, plan_label, p.plan_id
