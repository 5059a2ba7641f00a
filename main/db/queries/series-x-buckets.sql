-- Pixel buckets over x: $4 lo, $5 hi (inclusive x range), $6 bucket count; $1–$3 and x as in series-x-count.sql.
-- Per bucket, as series-buckets.sql does over steps: first and last point by read order, the finite min/max envelope,
-- the last point's read position (for the smoothed value), step and x.
SELECT least(floor((x - $4::DOUBLE) / greatest($5::DOUBLE - $4::DOUBLE, 1e-12) * $6::INTEGER), $6::INTEGER - 1) AS b,
       arg_max(step, seq) AS step,
       arg_max(x, seq) AS x,
       arg_max(value, seq) AS value,
       arg_min(value, seq) AS first,
       max(seq) AS last_seq,
       min(value) FILTER (WHERE isfinite(value)) AS lo,
       max(value) FILTER (WHERE isfinite(value)) AS hi
FROM pts
WHERE isfinite(x) AND x >= $4::DOUBLE AND x <= $5::DOUBLE
GROUP BY b
ORDER BY b;
