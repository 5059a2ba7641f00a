-- The cache: everything here can be rebuilt from the run folders. No ART indexes on the big tables: DuckDB's zone maps
-- over rows appended in (metric_id, seq) order are what make range reads cheap (see docs/adr/0001-duckdb.md).
CREATE TABLE IF NOT EXISTS sources (
  id VARCHAR PRIMARY KEY,
  path VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  added_at_ms DOUBLE NOT NULL,
  state VARCHAR NOT NULL,
  error VARCHAR
);
CREATE TABLE IF NOT EXISTS runs (
  id VARCHAR PRIMARY KEY,
  source_id VARCHAR NOT NULL,
  path VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  format VARCHAR NOT NULL,
  importer_version INTEGER NOT NULL,
  fingerprint VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  wall_start DOUBLE,
  wall_end DOUBLE,
  best_model_checkpoint VARCHAR,
  imported_at_ms DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS metrics (
  id INTEGER NOT NULL,
  run_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  points BIGINT NOT NULL,
  first_step DOUBLE,
  last_step DOUBLE,
  last_value DOUBLE,
  min_value DOUBLE,
  max_value DOUBLE,
  non_finite BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS scalars (
  metric_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  step DOUBLE NOT NULL,
  value DOUBLE NOT NULL,
  wall DOUBLE
);
CREATE TABLE IF NOT EXISTS configs (run_id VARCHAR NOT NULL, origin VARCHAR NOT NULL, key VARCHAR NOT NULL, value_json VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (run_id VARCHAR NOT NULL, path VARCHAR NOT NULL, step DOUBLE);
CREATE TABLE IF NOT EXISTS warnings (run_id VARCHAR, source_id VARCHAR NOT NULL, file VARCHAR NOT NULL, "offset" DOUBLE, message VARCHAR NOT NULL);
