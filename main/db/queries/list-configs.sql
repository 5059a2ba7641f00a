-- $1: run ids
SELECT run_id, origin, key, value_json
FROM configs
WHERE list_contains($1::VARCHAR[], run_id)
ORDER BY run_id, key, origin;
