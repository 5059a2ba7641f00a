-- $1: run id (NULL = every warning in the library)
SELECT run_id, file, "offset", message FROM warnings
WHERE $1::VARCHAR IS NULL OR run_id = $1::VARCHAR
ORDER BY run_id, file, "offset"
LIMIT 5000;
