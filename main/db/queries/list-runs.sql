-- $1: source ids to keep (NULL = all)
SELECT r.id, r.source_id, r.path, r.name, r.format, r.importer_version, r.status, r.wall_start, r.wall_end,
       r.best_model_checkpoint,
       (SELECT max(m.last_step) FROM metrics m WHERE m.run_id = r.id) AS last_step,
       (SELECT count(*)::INTEGER FROM metrics m WHERE m.run_id = r.id) AS metric_count,
       (SELECT coalesce(sum(m.points), 0)::DOUBLE FROM metrics m WHERE m.run_id = r.id) AS point_count,
       (SELECT count(*)::INTEGER FROM warnings w WHERE w.run_id = r.id) AS warning_count,
       (SELECT count(*)::INTEGER FROM configs c WHERE c.run_id = r.id) AS config_count
FROM runs r
WHERE $1::VARCHAR[] IS NULL OR list_contains($1::VARCHAR[], r.source_id)
ORDER BY r.source_id, r.path;
