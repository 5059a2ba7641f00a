-- $1 metric ids, $2 lo, $3 hi (inclusive step window, shared by every series: the chart's pixels), $4 bucket count.
-- series-buckets.sql for several series in one scan, with each bucket's point count (the window's count per series
-- is their sum: no separate count query). Only for series whose steps never go back (no restart to split at). Every
-- column is DOUBLE and never NULL (a bucket without finite values has NaN bounds), so the rows are read straight into
-- Float64Arrays (Engine.doubleColumns): the generic JS conversion of 40,000 rows cost more than the query, and a NULL
-- in a chunk makes every read of that column check a validity bitmap through BigInt arithmetic.
SELECT metric_id::DOUBLE AS metric_id,
       arg_max(step, seq) AS step,
       arg_max(value, seq) AS value,
       arg_min(value, seq) AS first,
       max(seq)::DOUBLE AS last_seq,
       coalesce(min(value) FILTER (WHERE isfinite(value)), 'NaN'::DOUBLE) AS lo,
       coalesce(max(value) FILTER (WHERE isfinite(value)), 'NaN'::DOUBLE) AS hi,
       count(*)::DOUBLE AS n
FROM scalars
WHERE metric_id = ANY($1::INTEGER[]) AND step >= $2::DOUBLE AND step <= $3::DOUBLE
GROUP BY metric_id, least(floor((step - $2::DOUBLE) / greatest($3::DOUBLE - $2::DOUBLE, 1e-12) * $4::INTEGER), $4::INTEGER - 1)::INTEGER
ORDER BY metric_id, step;
