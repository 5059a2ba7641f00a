-- $1: run ids
SELECT run_id, name, points::DOUBLE AS points, first_step, last_step, last_value, min_value, max_value, non_finite::DOUBLE AS non_finite, id, steps_ordered
FROM metrics
WHERE run_id IN (SELECT unnest($1::VARCHAR[]))
ORDER BY run_id, name;
