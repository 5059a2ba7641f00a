-- Every point with a finite x in the window, in read order. Parameters and x as in series-x-count.sql.
WITH xs AS (
  SELECT step AS xstep, arg_max(value, seq) AS xv FROM scalars WHERE metric_id = $2::INTEGER AND isfinite(value) GROUP BY step
),
p AS (SELECT seq, step, value, wall FROM scalars WHERE metric_id = $1::INTEGER),
pts AS (
  SELECT p.seq, p.step, p.value, CASE WHEN $2::INTEGER IS NULL THEN p.wall - $3::DOUBLE ELSE xs.xv END AS x
  FROM p ASOF LEFT JOIN xs ON p.step >= xs.xstep
)
SELECT seq, step, x, value
FROM pts
WHERE isfinite(x) AND ($4::DOUBLE IS NULL OR x >= $4::DOUBLE) AND ($5::DOUBLE IS NULL OR x <= $5::DOUBLE)
ORDER BY seq;
