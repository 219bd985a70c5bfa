-- fp(...): the plans that pass the sidebar filters. A NULL argument means "no filter".
-- The theme filter unnests the activities' theme lists (a plain column) rather than testing each list.
CREATE OR REPLACE TEMP MACRO fp(provs, provs25, levels, y0, y1, dtypes, theme_ids, agency_ids) AS TABLE
SELECT p.*
FROM plans p
WHERE (provs IS NULL OR list_contains(provs, p.province))
  AND (provs25 IS NULL OR list_contains(provs25, p.province_2025))
  AND (levels IS NULL OR list_contains(levels, p.level))
  AND (y0 IS NULL OR p.plan_year >= y0)
  AND (y1 IS NULL OR p.plan_year <= y1)
  AND (dtypes IS NULL OR list_contains(dtypes, p.doc_type))
  AND (theme_ids IS NULL OR p.plan_id IN (
        SELECT a.plan_id FROM (SELECT plan_id, unnest(themes) AS theme_id FROM activities) a
        WHERE list_contains(theme_ids, a.theme_id)))
  AND (agency_ids IS NULL OR list_contains(agency_ids, p.proposing_agency_id) OR p.plan_id IN (
        SELECT r.plan_id FROM responsibilities r WHERE list_contains(agency_ids, r.agency_id)));

-- fp_labeled(...): the filtered plans with their label ("Lạng Giang 2024 · 12/KH-UBND") and sort rank (year,
-- then label), computed once per plan rather than once per row of the table a page query joins them to.
CREATE OR REPLACE TEMP MACRO fp_labeled(provs, provs25, levels, y0, y1, dtypes, theme_ids, agency_ids) AS TABLE
SELECT *, dense_rank() OVER (ORDER BY plan_year NULLS LAST, plan_label) AS plan_rank
FROM (SELECT plan_id, plan_year, truncated,
             coalesce(district, province) || ' ' || coalesce(CAST(plan_year AS VARCHAR), '?') || ' · '
                 || coalesce(doc_number, doc_type) AS plan_label
      FROM fp(provs, provs25, levels, y0, y1, dtypes, theme_ids, agency_ids));

-- fp_export_labeled(...): the same for exports, whose label is never NULL (issuer or "?" when the unit is unknown).
CREATE OR REPLACE TEMP MACRO fp_export_labeled(provs, provs25, levels, y0, y1, dtypes, theme_ids, agency_ids) AS TABLE
SELECT *, dense_rank() OVER (ORDER BY plan_year NULLS LAST, plan_label) AS plan_rank
FROM (SELECT plan_id, plan_year,
             coalesce(district, province, issuer, '?') || ' ' || coalesce(CAST(plan_year AS VARCHAR), '') || ' · '
                 || coalesce(doc_number, doc_type, '') AS plan_label
      FROM fp(provs, provs25, levels, y0, y1, dtypes, theme_ids, agency_ids));
