-- $1 minimum point count: long series that have no blocks yet.
SELECT id, points::DOUBLE AS points FROM metrics
WHERE points >= $1::BIGINT AND id NOT IN (SELECT DISTINCT metric_id FROM scalar_blocks)
ORDER BY id;
