CREATE TABLE IF NOT EXISTS evals (
  run_id VARCHAR NOT NULL, task VARCHAR NOT NULL, metric VARCHAR NOT NULL, filter VARCHAR NOT NULL,
  value DOUBLE NOT NULL, stderr DOUBLE, higher_is_better BOOLEAN, n_samples DOUBLE, file VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS eval_samples (
  run_id VARCHAR NOT NULL, task VARCHAR NOT NULL, filter VARCHAR NOT NULL, doc_id DOUBLE, doc_hash VARCHAR,
  target VARCHAR NOT NULL, prompt VARCHAR NOT NULL, response VARCHAR NOT NULL, metrics_json VARCHAR NOT NULL, file VARCHAR NOT NULL
);
-- One row per line: searchable with ILIKE, and the diagnosis issue points at (file, line).
CREATE TABLE IF NOT EXISTS log_lines (run_id VARCHAR NOT NULL, file VARCHAR NOT NULL, line INTEGER NOT NULL, text VARCHAR NOT NULL);
