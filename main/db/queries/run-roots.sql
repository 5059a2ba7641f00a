-- $1: run ids. Each run's source folder on disk (where its relative paths, checkpoints included, start).
SELECT r.id AS run_id, s.path AS source_path
FROM runs r JOIN sources s ON s.id = r.source_id
WHERE r.id IN (SELECT unnest($1::VARCHAR[]));
