-- $1 metric id: the whole series in read order (index = seq), for smoothing at full resolution. DOUBLE columns only:
-- read with Engine.doubleColumns.
SELECT step, value
FROM scalars
WHERE metric_id = $1
ORDER BY seq;
