-- $1 run id, $2 file: how many lines of the file are stored (0 = no such file for the run).
SELECT count(*)::DOUBLE AS n, coalesce(max(line), 0)::DOUBLE AS last_line FROM log_lines WHERE run_id = $1 AND file = $2;
