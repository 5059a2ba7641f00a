-- NaN/Inf points with a finite x in the window, at their x. Parameters and x as in series-x-count.sql.
SELECT step, x, value
FROM pts
WHERE NOT isfinite(value) AND isfinite(x) AND ($4::DOUBLE IS NULL OR x >= $4::DOUBLE) AND ($5::DOUBLE IS NULL OR x <= $5::DOUBLE)
ORDER BY seq
LIMIT 10000;
