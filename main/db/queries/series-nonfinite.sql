-- $1 metric id, $2 step min, $3 step max
SELECT step, value FROM scalars
WHERE metric_id = $1 AND NOT isfinite(value)
  AND ($2::DOUBLE IS NULL OR step >= $2::DOUBLE) AND ($3::DOUBLE IS NULL OR step <= $3::DOUBLE)
ORDER BY seq
LIMIT 10000;
