-- $1 metric id, $2 step min (NULL = open), $3 step max (NULL = open)
SELECT count(*)::DOUBLE AS n, min(step) AS lo, max(step) AS hi
FROM scalars
WHERE metric_id = $1 AND ($2::DOUBLE IS NULL OR step >= $2::DOUBLE) AND ($3::DOUBLE IS NULL OR step <= $3::DOUBLE);
