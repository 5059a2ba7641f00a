SELECT s.id, s.path, s.name, s.added_at_ms, s.state, s.error, count(r.id)::INTEGER AS run_count
FROM sources s LEFT JOIN runs r ON r.source_id = s.id
GROUP BY ALL
ORDER BY s.added_at_ms;
