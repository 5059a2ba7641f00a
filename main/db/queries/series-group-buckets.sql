-- $1 metric ids, $2 lo, $3 hi (inclusive step range), $4 bucket count.
-- Per x bucket: each run's mean over its finite points in the bucket, then across runs their mean, sample standard
-- deviation, count, min and max (the inputs of a mean ± CI or a min–max band).
WITH per_run AS (
  SELECT metric_id,
         least(floor((step - $2::DOUBLE) / greatest($3::DOUBLE - $2::DOUBLE, 1e-12) * $4::INTEGER), $4::INTEGER - 1)::INTEGER AS b,
         avg(value) AS v
  FROM scalars
  WHERE list_contains($1::INTEGER[], metric_id) AND step >= $2::DOUBLE AND step <= $3::DOUBLE AND isfinite(value)
  GROUP BY metric_id, b
)
SELECT b, avg(v) AS mean, stddev_samp(v) AS sd, count(*)::INTEGER AS n, min(v) AS lo, max(v) AS hi
FROM per_run
GROUP BY b
ORDER BY b;
