-- The outline of one plan, in document order.
SELECT s.ord, s.path, s.parent_path, s.depth, s.marker, s.heading, s.kind, s.line_start, s.line_end
FROM sections s
WHERE s.plan_id = $plan_id
ORDER BY s.ord
