-- Series on an x axis other than step. $1 metric id; $2 x metric id (NULL: x is the wall time); $3 subtracted from
-- the wall time (the run's start for relative time, 0 for wall time); $4 x min, $5 x max (NULL = open).
-- (The points and their x come from series-x-points.sql, prepended in queries.ts.)
-- x of a point on a metric axis is the x metric's last finite value at a step <= the point's step (ASOF); at a step
-- logged twice (a restart), the one read last. Points without a finite x are counted in `missing`, not drawn.
SELECT count(*) FILTER (WHERE isfinite(x) AND ($4::DOUBLE IS NULL OR x >= $4::DOUBLE) AND ($5::DOUBLE IS NULL OR x <= $5::DOUBLE))::DOUBLE AS n,
       count(*) FILTER (WHERE NOT coalesce(isfinite(x), false))::DOUBLE AS missing,
       min(x) FILTER (WHERE isfinite(x) AND ($4::DOUBLE IS NULL OR x >= $4::DOUBLE) AND ($5::DOUBLE IS NULL OR x <= $5::DOUBLE)) AS lo,
       max(x) FILTER (WHERE isfinite(x) AND ($4::DOUBLE IS NULL OR x >= $4::DOUBLE) AND ($5::DOUBLE IS NULL OR x <= $5::DOUBLE)) AS hi
FROM pts;
