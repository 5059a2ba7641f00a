-- Weight-update sweeps (docs/sweep-format.md): one row per (direction, α, task, metric, filter).
CREATE TABLE IF NOT EXISTS sweep_points (
  run_id VARCHAR NOT NULL, direction VARCHAR NOT NULL, is_control BOOLEAN NOT NULL, alpha DOUBLE NOT NULL,
  task VARCHAR NOT NULL, metric VARCHAR NOT NULL, filter VARCHAR NOT NULL, value DOUBLE NOT NULL, stderr DOUBLE,
  higher_is_better BOOLEAN, n_samples DOUBLE, file VARCHAR NOT NULL
);
