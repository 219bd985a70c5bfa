-- Every plan with its display label ("Bắc Kạn 2018 · 415/QĐ-UBND") and whether it passes the filters: the filtered
-- ones can be compared, all of them can be the source of reused text. A label two plans share gets the start of
-- the plan id.
WITH f AS (
    SELECT p.*,
           coalesce(p.district || ' (' || p.province || ')', p.province, p.issuer, '?')
           || coalesce(' ' || CAST(p.plan_year AS VARCHAR), '') || ' · '
           || coalesce(p.doc_number, CASE p.doc_type WHEN 'QD' THEN 'QĐ' ELSE p.doc_type END, '?') AS label,
           p.plan_id IN (SELECT plan_id FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids))
               AS in_filter
    FROM plans p
), shared AS (
    SELECT label FROM f GROUP BY label HAVING count(*) > 1
)
SELECT f.* EXCLUDE (label),
       CASE WHEN label IN (SELECT label FROM shared) THEN label || ' · ' || left(plan_id, 6) ELSE label END AS plan_label
FROM f
ORDER BY plan_year DESC NULLS LAST, issue_date DESC NULLS LAST, province, plan_id
