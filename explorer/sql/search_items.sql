-- Search candidates: activities (text), responsibilities (task, one row per sentence with its agencies) and targets
-- (indicator_text) of the filtered plans whose folded text matches $pattern, an RE2 regex over lower-case text
-- without diacritics and with đ→d (strip_accents keeps đ). A loose prefilter: explorer.search ranks and highlights
-- exactly in Python. The theme/agency filters also restrict activities/responsibilities to matching rows.
-- The pattern is matched against mart_folded_text (each distinct text folded once, at ingest), not per row.
WITH f AS (SELECT plan_id FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)),
hits AS (SELECT text FROM mart_folded_text WHERE $pattern IS NOT NULL AND regexp_matches(folded, $pattern)),
items AS (
    SELECT 'activity' AS kind, a.plan_id, a.section_path, a.line_start, a.line_end, a.text, a.themes,
           NULL::VARCHAR[] AS agencies, NULL::VARCHAR[] AS roles
    FROM activities a
    WHERE a.plan_id IN (SELECT plan_id FROM f) AND ($theme_ids IS NULL OR list_has_any(a.themes, $theme_ids))
      AND a.text IN (SELECT text FROM hits)
    UNION ALL
    SELECT 'responsibility', r.plan_id, r.section_path, r.line_start, r.line_end, r.task, NULL::VARCHAR[],
           list(coalesce(r.agency_id, r.agency_raw) ORDER BY r.agency_raw), list(r.role ORDER BY r.agency_raw)
    FROM responsibilities r
    WHERE r.plan_id IN (SELECT plan_id FROM f) AND ($agency_ids IS NULL OR list_contains($agency_ids, r.agency_id))
      AND r.task IN (SELECT text FROM hits)
    GROUP BY r.plan_id, r.section_path, r.line_start, r.line_end, r.task
    UNION ALL
    SELECT 'target', t.plan_id, t.section_path, t.line_start, t.line_end, t.indicator_text, NULL, NULL, NULL
    FROM targets t
    WHERE t.plan_id IN (SELECT plan_id FROM f) AND t.indicator_text IN (SELECT text FROM hits)
)
SELECT i.*
FROM items i
ORDER BY i.plan_id, i.line_start, i.kind
