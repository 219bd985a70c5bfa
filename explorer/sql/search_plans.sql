-- The filtered plans searched, with their display label ("Bắc Kạn 2018 · 415/QĐ-UBND"); a label two plans share
-- gets the start of the plan id.
WITH f AS (
    SELECT p.plan_id, p.plan_year, p.issue_date, p.province,
           coalesce(p.district || ' (' || p.province || ')', p.province, p.issuer, '?')
           || coalesce(' ' || CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, CASE p.doc_type WHEN 'QD' THEN 'QĐ' ELSE p.doc_type END, '?') AS label
    FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) p
), shared AS (
    SELECT label FROM f GROUP BY label HAVING count(*) > 1
)
SELECT plan_id,
       CASE WHEN label IN (SELECT label FROM shared) THEN label || ' · ' || left(plan_id, 6) ELSE label END AS plan_label
FROM f
ORDER BY plan_year DESC NULLS LAST, issue_date DESC NULLS LAST, province, plan_id
