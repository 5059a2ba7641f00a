-- $1 run id, $2 metric id: the run's recorded start and the metric's earliest wall time (relative time's origin).
SELECT (SELECT wall_start FROM runs WHERE id = $1) AS run_start,
       (SELECT min(wall) FROM scalars WHERE metric_id = $2::INTEGER AND isfinite(wall)) AS first_wall;
