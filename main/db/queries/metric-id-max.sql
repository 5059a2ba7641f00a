SELECT coalesce(max(id), 0) AS max_id FROM metrics;
