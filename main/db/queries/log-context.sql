-- $1 run id, $2 file, $3 first line, $4 last line: a window of one log file, for "open the log at that line".
SELECT line, text FROM log_lines WHERE run_id = $1 AND file = $2 AND line BETWEEN $3 AND $4 ORDER BY line;
