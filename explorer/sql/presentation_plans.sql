-- The plans of a presentation or brief: the filtered plans narrowed to the chosen units and years, oldest first,
-- with what the slides need to name them as sources and how much was extracted from each.
-- $units: province names (the province's own plans and its districts') and/or "District (Province)";
-- $years: plan years. NULL = no narrowing.
SELECT p.plan_id, p.doc_type, p.doc_number, p.issue_date, p.issue_date_precision, p.issuer, p.level,
       p.province, p.district, p.province_2025, p.plan_year, p.title, p.signer, p.signer_title,
       p.proposing_agency, p.proposing_agency_id, p.truncated, p.source_path,
       coalesce(p.district, p.province, p.issuer, '?') || ' ' || coalesce(CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, p.doc_type, '') AS plan_label,
       (SELECT count(*) FROM activities a WHERE a.plan_id = p.plan_id) AS activities,
       (SELECT count(*) FROM targets t WHERE t.plan_id = p.plan_id) AS targets,
       (SELECT count(DISTINCT coalesce(r.agency_id, r.agency_raw)) FROM responsibilities r
        WHERE r.plan_id = p.plan_id AND r.role = 'lead') AS lead_agencies,
       (SELECT count(DISTINCT coalesce(r.agency_id, r.agency_raw)) FROM responsibilities r
        WHERE r.plan_id = p.plan_id) AS agencies,
       (SELECT count(*) FROM deadlines d WHERE d.plan_id = p.plan_id AND d.due_date IS NOT NULL) AS deadlines,
       (SELECT count(DISTINCT c.cited_doc_id) FROM citations c WHERE c.plan_id = p.plan_id) AS cited_documents,
       (SELECT list(DISTINCT b.source ORDER BY b.source) FROM budget_sources b WHERE b.plan_id = p.plan_id)
           AS budget_sources
FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
WHERE ($units IS NULL OR list_contains($units, p.province)
       OR list_contains($units, p.district || ' (' || p.province || ')'))
  AND ($years IS NULL OR list_contains($years, p.plan_year))
ORDER BY p.plan_year NULLS LAST, p.issue_date NULLS LAST, plan_label
