-- "Lead sectors by year" counting every lead: each lead (chủ trì) responsibility of the filtered plans, plus each
-- plan's proposing agency, per plan year × sector × truncated plan. n: how many; plans / agencies: the distinct
-- plan labels and agency names in the page's order (leads in document order, then proposers in plan order), the
-- first few of them (plans_head, agencies_head) and how many (plans_n, agencies_n). Plans without a year are left out.
-- $unknown_unit names a plan whose unit is unknown ("Không rõ đơn vị " + year + " · " + plan_id, as ui.known_labels).
WITH f AS (
    SELECT l.plan_id, l.plan_year, l.plan_rank, coalesce(p.truncated, false) AS truncated,
           coalesce(l.plan_label, $unknown_unit || coalesce(CAST(l.plan_year AS VARCHAR), '?') || ' · ' || l.plan_id)
               AS plan_label,
           p.proposing_agency_id, p.proposing_agency
    FROM fp_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids) l
    JOIN plans p ON p.plan_id = l.plan_id
), leads AS (
    SELECT f.plan_year, coalesce(r.sector, ag.sector, 'unknown') AS sector, f.truncated, f.plan_label,
           coalesce(ag.name, r.agency_name, r.agency_raw, '–') AS agency_name,
           (0, f.plan_rank, r.line_start, r.section_path, r.rowid) AS ord
    FROM responsibilities r
    JOIN f ON f.plan_id = r.plan_id
    LEFT JOIN agencies ag ON ag.agency_id = r.agency_id
    WHERE r.role = 'lead' AND f.plan_year IS NOT NULL
    UNION ALL
    SELECT f.plan_year, coalesce(ag.sector, 'unknown'), f.truncated, f.plan_label,
           coalesce(ag.name, f.proposing_agency, '–'), (1, f.plan_rank, NULL, NULL, NULL)
    FROM f
    LEFT JOIN agencies ag ON ag.agency_id = f.proposing_agency_id
    WHERE (f.proposing_agency_id IS NOT NULL OR f.proposing_agency IS NOT NULL) AND f.plan_year IS NOT NULL
), plan_names AS (
    SELECT plan_year, sector, truncated, list(plan_label ORDER BY ord) AS names, count(*) AS n_names
    FROM (SELECT plan_year, sector, truncated, plan_label, min(ord) AS ord FROM leads GROUP BY ALL)
    GROUP BY ALL
), agency_names AS (
    SELECT plan_year, sector, truncated, list(agency_name ORDER BY ord) AS names, count(*) AS n_names
    FROM (SELECT plan_year, sector, truncated, agency_name, min(ord) AS ord FROM leads GROUP BY ALL)
    GROUP BY ALL
)
SELECT g.plan_year, g.sector, g.truncated, g.n, p.names[1:12] AS plans_head, p.n_names AS plans_n,
       a.names[1:12] AS agencies_head, a.n_names AS agencies_n
FROM (SELECT plan_year, sector, truncated, count(*) AS n FROM leads GROUP BY ALL) g
JOIN plan_names p USING (plan_year, sector, truncated)
JOIN agency_names a USING (plan_year, sector, truncated)
ORDER BY g.plan_year, g.sector, g.truncated
