-- $1: run ids
SELECT run_id, path, step FROM checkpoints WHERE run_id IN (SELECT unnest($1::VARCHAR[])) ORDER BY run_id, step, path;
