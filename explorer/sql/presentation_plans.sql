-- The plans of a presentation or brief: the filtered plans narrowed to the chosen units and years, oldest first,
-- with what the slides need to name them as sources and how much was extracted from each (mart_plan_stats).
-- $units: province names (the province's own plans and its districts') and/or "District (Province)";
-- $years: plan years. NULL = no narrowing.
SELECT p.plan_id, p.doc_type, p.doc_number, p.issue_date, p.issue_date_precision, p.issuer, p.level,
       p.province, p.district, p.province_2025, p.plan_year, p.title, p.signer, p.signer_title,
       p.proposing_agency, p.proposing_agency_id, p.truncated, p.source_path,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       s.activities, s.targets, s.lead_agencies, s.agencies, s.dated_deadlines AS deadlines,
       s.cited_documents, s.budget_sources
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
JOIN mart_plan_stats s ON s.plan_id = p.plan_id
WHERE ($units IS NULL OR list_contains($units, p.province)
       OR list_contains($units, p.district || ' (' || p.province || ')'))
  AND ($years IS NULL OR list_contains($years, p.plan_year))
ORDER BY p.plan_year NULLS LAST, p.issue_date NULLS LAST, plan_label
