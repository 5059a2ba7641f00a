-- Every point with a finite x in the window, in read order. Parameters and x as in series-x-count.sql.
SELECT seq, step, x, value
FROM pts
WHERE isfinite(x) AND ($4::DOUBLE IS NULL OR x >= $4::DOUBLE) AND ($5::DOUBLE IS NULL OR x <= $5::DOUBLE)
ORDER BY seq;
