-- $1: run id. Every stored log line of the run, file by file in line order (the diagnosis reads them all once per
-- import: results are cached by run version).
SELECT file, line, text FROM log_lines WHERE run_id = $1 ORDER BY file, line;
