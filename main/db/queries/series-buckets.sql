-- $1 metric id, $2 lo, $3 hi (inclusive step range), $4 bucket count, $5/$6 read-position range (one segment between
-- restarts; NULL = open).
-- Per pixel bucket: the first and last point (by read order), the min/max envelope of its finite values, and the read
-- position of its last point (to pick the smoothed value there). Non-finite values are reported separately by
-- series-nonfinite.sql so they are never lost in an aggregate. The bucket number is an INTEGER: grouping on it is
-- about a third faster than on the DOUBLE that floor() returns (measured in bench/scenarios/curves.ts).
SELECT least(floor((step - $2::DOUBLE) / greatest($3::DOUBLE - $2::DOUBLE, 1e-12) * $4::INTEGER), $4::INTEGER - 1)::INTEGER AS b,
       arg_max(step, seq) AS step,
       arg_max(value, seq) AS value,
       arg_min(value, seq) AS first,
       max(seq) AS last_seq,
       min(value) FILTER (WHERE isfinite(value)) AS lo,
       max(value) FILTER (WHERE isfinite(value)) AS hi
FROM scalars
WHERE metric_id = $1 AND step >= $2::DOUBLE AND step <= $3::DOUBLE
  AND ($5::INTEGER IS NULL OR seq >= $5::INTEGER) AND ($6::INTEGER IS NULL OR seq < $6::INTEGER)
GROUP BY b
ORDER BY b;
