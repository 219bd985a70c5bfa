-- Text reuse: the paragraphs shown beside the selected plans' shared ones (their best match in another plan), by
-- ($best_plan_ids[i], $best_idx[i]). The plans first (a semi-join DuckDB pushes into the scan), then their lines.
WITH wanted AS (
    SELECT DISTINCT unnest($best_plan_ids) AS plan_id, unnest($best_idx) AS idx
)
SELECT l.plan_id, l.idx, l.line_start, l.line_end, l.text
FROM (SELECT * FROM plan_lines WHERE plan_id IN (SELECT plan_id FROM wanted)) l
SEMI JOIN wanted w ON w.plan_id = l.plan_id AND w.idx = l.idx
ORDER BY l.plan_id, l.idx
