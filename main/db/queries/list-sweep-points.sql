-- $1: run ids. Every number of these sweeps, in α order per direction.
SELECT run_id, direction, is_control, alpha, task, metric, filter, value, stderr, higher_is_better
FROM sweep_points
WHERE run_id IN (SELECT unnest($1::VARCHAR[]))
ORDER BY run_id, task, metric, filter, direction, alpha;
