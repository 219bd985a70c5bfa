-- paged by activity_id: read 200 rows at a time by explorer.ui.paged (explorer.data.page_sql), plus a count; the
-- download reads every row.
-- Activities of the filtered plans (with a theme filter: only activities carrying one of those themes), narrowed by
-- the list's own widgets: $list_themes (activities carrying one of them; NULL: all) and $needle, text folded by
-- loaders.textnorm.fold (lower case, no diacritics, đ → d, white space collapsed; NULL: no text filter) found in
-- the activity's folded text (mart_folded_text, folded once at ingest). $needle_re (explorer.search.needle_regex,
-- only for a needle of several words) also finds it where the text has other white space between those words, as
-- the fold of the whole text would. Ordered by plan (year, label, then id: plan_pos), then line, then rowid: a total
-- order of integers (cheap to sort), so pages never repeat or skip rows.
WITH f AS (
    SELECT *, row_number() OVER (ORDER BY plan_year NULLS LAST, plan_label, plan_id) AS plan_pos
    FROM fp_labeled($provs, $provs25, $levels, $y0, $y1, $dtypes, $theme_ids, $agency_ids)
),
hits AS (
    SELECT text FROM mart_folded_text
    WHERE contains(folded, $needle) OR ($needle_re IS NOT NULL AND regexp_matches(folded, $needle_re))
)
SELECT a.rowid AS activity_id, a.plan_id, f.plan_year, f.truncated, f.plan_label,
       a.section_path, a.text, a.themes, a.objectives, a.timeframe, a.line_start, a.line_end, a.quote
FROM activities a
JOIN f ON f.plan_id = a.plan_id
WHERE ($theme_ids IS NULL OR list_has_any(a.themes, $theme_ids))
  AND ($list_themes IS NULL OR list_has_any(a.themes, $list_themes))
  AND ($needle IS NULL OR a.text IN (SELECT text FROM hits))
ORDER BY f.plan_pos, a.line_start, a.rowid
