-- $1 metric id, $2 step min, $3 step max: every point in read order (restarts stay visible), with its read position.
SELECT seq, step, value
FROM scalars
WHERE metric_id = $1 AND ($2::DOUBLE IS NULL OR step >= $2::DOUBLE) AND ($3::DOUBLE IS NULL OR step <= $3::DOUBLE)
ORDER BY seq;
