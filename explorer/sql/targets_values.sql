-- Targets of the filtered plans, each with the national target it answers to: the row of
-- national_targets (target_code = national_target_id) whose deadline_year is the nearest one
-- at or after the target year (plan year when the target has none), else the latest.
WITH f AS (SELECT * FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)),
t AS (
    SELECT t.rowid AS target_id, t.*, f.plan_year,
           coalesce(f.district, f.province) || ' ' || coalesce(CAST(f.plan_year AS VARCHAR), '?') || ' · '
               || coalesce(f.doc_number, f.doc_type) AS plan_label
    FROM targets t JOIN f ON f.plan_id = t.plan_id
),
n AS (
    SELECT t.target_id, n.program_code, n.program_name, n.legal_basis, n.target_text_vi AS national_text,
           n.value AS national_value_text,
           coalesce(TRY_CAST(n.value AS DOUBLE), TRY_CAST(split_part(n.value, '-', 1) AS DOUBLE)) AS national_value,
           n.unit AS national_unit, n.comparator AS national_comparator, n.deadline_year AS national_year,
           row_number() OVER (
               PARTITION BY t.target_id
               ORDER BY CASE WHEN n.deadline_year >= coalesce(t.target_year, t.plan_year) THEN 0 ELSE 1 END,
                        CASE WHEN n.deadline_year >= coalesce(t.target_year, t.plan_year) THEN n.deadline_year END,
                        n.deadline_year DESC NULLS LAST
           ) AS rn
    FROM t JOIN national_targets n ON n.target_code = t.national_target_id
)
SELECT t.target_id, t.plan_id, t.plan_label, t.plan_year, t.indicator_key, t.indicator_text,
       i.name_vi AS indicator_vi, i.name_en AS indicator_en,
       t.value, t.value_max, t.unit, t.comparator, coalesce(t.target_year, t.plan_year) AS target_year,
       t.national_target_id, n.program_code, n.program_name, n.legal_basis, n.national_text, n.national_value_text,
       n.national_value, n.national_unit, n.national_comparator, n.national_year,
       t.section_path, t.line_start, t.line_end, t.quote
FROM t
LEFT JOIN n ON n.target_id = t.target_id AND n.rn = 1
LEFT JOIN indicators i ON i.indicator_key = t.indicator_key
ORDER BY t.plan_year NULLS LAST, t.plan_label, t.line_start
