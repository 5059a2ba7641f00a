-- $1 metric ids, $2 step min, $3 step max (NULL = open): every point of several series in one scan, by series and read
-- order, with its read position (DOUBLE columns, read into Float64Arrays).
SELECT metric_id::DOUBLE AS metric_id, seq::DOUBLE AS seq, step, value
FROM scalars
WHERE metric_id = ANY($1::INTEGER[]) AND ($2::DOUBLE IS NULL OR step >= $2::DOUBLE) AND ($3::DOUBLE IS NULL OR step <= $3::DOUBLE)
ORDER BY metric_id, seq;
