-- Search candidates: activities (text), responsibilities (task, one row per sentence with its agencies) and targets
-- (indicator_text) of the filtered plans whose folded text matches $pattern, an RE2 regex over lower-case text
-- without diacritics and with đ→d (strip_accents keeps đ). A loose prefilter: explorer.search ranks and highlights
-- exactly in Python. The theme/agency filters also restrict activities/responsibilities to matching rows.
WITH f AS (SELECT plan_id FROM fp($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)),
items AS (
    SELECT 'activity' AS kind, a.plan_id, a.section_path, a.line_start, a.line_end, a.text, a.themes,
           NULL::VARCHAR[] AS agencies, NULL::VARCHAR[] AS roles
    FROM activities a
    WHERE a.plan_id IN (SELECT plan_id FROM f) AND ($theme_ids IS NULL OR list_has_any(a.themes, $theme_ids))
    UNION ALL
    SELECT 'responsibility', r.plan_id, r.section_path, r.line_start, r.line_end, r.task, NULL::VARCHAR[],
           list(coalesce(r.agency_id, r.agency_raw) ORDER BY r.agency_raw), list(r.role ORDER BY r.agency_raw)
    FROM responsibilities r
    WHERE r.plan_id IN (SELECT plan_id FROM f) AND ($agency_ids IS NULL OR list_contains($agency_ids, r.agency_id))
    GROUP BY r.plan_id, r.section_path, r.line_start, r.line_end, r.task
    UNION ALL
    SELECT 'target', t.plan_id, t.section_path, t.line_start, t.line_end, t.indicator_text, NULL, NULL, NULL
    FROM targets t
    WHERE t.plan_id IN (SELECT plan_id FROM f)
)
SELECT i.*
FROM items i
WHERE $pattern IS NOT NULL AND i.text IS NOT NULL
  AND regexp_matches(replace(strip_accents(lower(i.text)), 'đ', 'd'), $pattern)
ORDER BY i.plan_id, i.line_start, i.kind
