-- $1: run ids
SELECT run_id, origin, key, value_json
FROM configs
WHERE run_id IN (SELECT unnest($1::VARCHAR[]))
ORDER BY run_id, key, origin;
