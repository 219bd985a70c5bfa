-- Export page: the rows of each of the six export tables under the filters, in one query (counts only, no rows read).
-- Each count must equal the rows of explorer/sql/export_<table>.sql with the same parameters (same joins and
-- WHERE; tests/test_export_page.py checks it). Not count(*) around those files: DuckDB keeps their ORDER BY inside
-- a count (responsibilities: 65–100 ms of sorting at 10,000 plans, against ~16 ms for all six here).
WITH p AS (
    SELECT plan_id FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
)
SELECT (SELECT count(*) FROM p) AS plans,
       (SELECT count(*) FROM targets t JOIN p USING (plan_id)) AS targets,
       (SELECT count(*) FROM activities a JOIN p USING (plan_id)
        WHERE $theme_ids IS NULL OR list_has_any(a.themes, $theme_ids)) AS activities,
       (SELECT count(*) FROM responsibilities r JOIN p USING (plan_id)
        WHERE $agency_ids IS NULL OR list_contains($agency_ids, r.agency_id)) AS responsibilities,
       (SELECT count(*) FROM citations c JOIN p USING (plan_id)) AS citations,
       (SELECT count(*) FROM deadlines d JOIN p USING (plan_id)
        WHERE $agency_ids IS NULL OR list_contains($agency_ids, d.agency_id)) AS deadlines
