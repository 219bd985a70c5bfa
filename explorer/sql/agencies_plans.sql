-- The filtered plans with the agency that proposed them (the "theo đề nghị của ..." line) and its sector;
-- has_responsibilities: whether any responsibility was extracted from the plan.
WITH f AS (SELECT * FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)),
proposal AS (
    SELECT DISTINCT ON (plan_id) plan_id, line_start, line_end, text
    FROM plan_lines
    WHERE plan_id IN (SELECT plan_id FROM f WHERE proposing_agency IS NOT NULL OR proposing_agency_id IS NOT NULL)
      AND text_folded LIKE '%theo de nghi%'
    ORDER BY plan_id, idx
)
SELECT f.plan_id, f.plan_year, f.issue_date, f.truncated, f.level,
       coalesce(f.district, f.province) || ' ' || coalesce(CAST(f.plan_year AS VARCHAR), '?') || ' · '
           || coalesce(f.doc_number, f.doc_type) AS plan_label,
       f.proposing_agency_id, coalesce(ag.name, f.proposing_agency) AS proposing_agency, ag.sector AS proposing_sector,
       pr.line_start AS proposal_line_start, pr.line_end AS proposal_line_end, pr.text AS proposal_quote,
       EXISTS (SELECT 1 FROM responsibilities r WHERE r.plan_id = f.plan_id) AS has_responsibilities
FROM f
LEFT JOIN agencies ag ON ag.agency_id = f.proposing_agency_id
LEFT JOIN proposal pr ON pr.plan_id = f.plan_id
ORDER BY f.plan_year NULLS LAST, plan_label
