-- The common head of every series-x-*.sql query (prepended in queries.ts): the points of metric $1 with their x.
-- $2 x metric id (NULL: x is the wall time); $3 subtracted from the wall time (the run's start for relative time, 0 for
-- wall time). On a metric axis x is the x metric's last finite value at a step <= the point's step (ASOF); at a step
-- logged twice (a restart), the one read last.
WITH xs AS (
  SELECT step AS xstep, arg_max(value, seq) AS xv FROM scalars WHERE metric_id = $2::INTEGER AND isfinite(value) GROUP BY step
),
p AS (SELECT seq, step, value, wall FROM scalars WHERE metric_id = $1::INTEGER),
pts AS (
  SELECT p.seq, p.step, p.value, CASE WHEN $2::INTEGER IS NULL THEN p.wall - $3::DOUBLE ELSE xs.xv END AS x
  FROM p ASOF LEFT JOIN xs ON p.step >= xs.xstep
)
