-- $1: source ids to keep (NULL = all): every checkpoint of their runs, for the runs list.
SELECT c.run_id, c.path, c.step
FROM checkpoints c JOIN runs r ON r.id = c.run_id
WHERE $1::VARCHAR[] IS NULL OR list_contains($1::VARCHAR[], r.source_id)
ORDER BY c.run_id, c.step, c.path;
