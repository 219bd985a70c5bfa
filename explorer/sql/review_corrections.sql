-- Every correction of data/corrections.csv with what the last build did with it (status).
SELECT c.seq, c.corrected_at, c.corrected_by, c.table_name, c.plan_id, p.source_path, c.section_path, c.line_start,
       c.key_column, c.key_value, c.column_name, c.old_value, c.new_value, c.reason, c.status, c.rows_changed, c.message
FROM corrections c
LEFT JOIN plans p USING (plan_id)
ORDER BY c.seq
