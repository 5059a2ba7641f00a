-- $1: run ids
SELECT run_id, path, step FROM checkpoints WHERE list_contains($1::VARCHAR[], run_id) ORDER BY run_id, step, path;
