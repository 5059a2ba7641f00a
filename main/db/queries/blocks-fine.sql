-- $1 metric ids, $2 first read position, $3 block size: the finest blocks, from the points.
INSERT INTO scalar_blocks
SELECT metric_id, $3::INTEGER, (seq // $3::INTEGER)::INTEGER AS blk, count(*)::INTEGER,
       arg_min(step, seq), arg_max(step, seq), arg_min(value, seq), arg_max(value, seq), max(seq),
       min(value) FILTER (WHERE isfinite(value)), max(value) FILTER (WHERE isfinite(value))
FROM scalars
WHERE metric_id = ANY($1::INTEGER[]) AND seq >= $2::INTEGER
GROUP BY metric_id, blk
ORDER BY metric_id, blk;
