-- $1 metric id: the series' steps and wall times in read order (a resume goes back in step), for goodput. Wall is
-- NULL for points logged without a time.
SELECT step, wall FROM scalars WHERE metric_id = $1 ORDER BY seq;
