-- $1 metric ids, $2 lo, $3 hi (the whole chart's step range), $4 bucket count, $5 block size: series-many-buckets.sql
-- read from the level-of-detail blocks (migration 006) instead of the points. A block goes to the bucket of its last
-- point; the caller picks a block size of at most a quarter of a bucket's points, so a block that straddles a bucket
-- edge moves at most a quarter of a pixel's points into the next pixel. Series without restarts only (their blocks' steps never go back). DOUBLE columns, as there.
SELECT metric_id::DOUBLE AS metric_id,
       arg_max(last_step, last_seq) AS step,
       arg_max(last_value, last_seq) AS value,
       arg_min(first_value, last_seq) AS first,
       max(last_seq)::DOUBLE AS last_seq,
       coalesce(min(lo), 'NaN'::DOUBLE) AS lo,
       coalesce(max(hi), 'NaN'::DOUBLE) AS hi,
       sum(n)::DOUBLE AS n
FROM scalar_blocks
WHERE metric_id = ANY($1::INTEGER[]) AND size = $5::INTEGER
GROUP BY metric_id, least(floor((last_step - $2::DOUBLE) / greatest($3::DOUBLE - $2::DOUBLE, 1e-12) * $4::INTEGER), $4::INTEGER - 1)::INTEGER
ORDER BY metric_id, step;
