-- Level-of-detail blocks for long series (issue 11: a 20 × 1M-point chart in < 50 ms; one scan of the points alone
-- takes longer). Each block summarises `size` consecutive points of one series in read order (block `blk` holds seq
-- blk·size … blk·size + size − 1): the first and last point, the finite min/max, the count. A chart whose pixel buckets
-- hold at least four blocks each reads these instead of the points, so a block straddling a bucket edge moves at most
-- a quarter of a pixel's points into the next pixel (see main/services/series-step.ts). Written by main/db/blocks.ts for series of at
-- least BLOCKS_MIN_POINTS points, at import and on every append; like everything in the cache, rebuilt from the runs.
CREATE TABLE IF NOT EXISTS scalar_blocks (
  metric_id INTEGER NOT NULL,
  size INTEGER NOT NULL,
  blk INTEGER NOT NULL,
  n INTEGER NOT NULL,
  first_step DOUBLE NOT NULL,
  last_step DOUBLE NOT NULL,
  first_value DOUBLE NOT NULL,
  last_value DOUBLE NOT NULL,
  last_seq INTEGER NOT NULL,
  lo DOUBLE,
  hi DOUBLE
);
-- Steps never go back in read order (no restart): NULL for series stored before this column (then the restart scan
-- runs, as before).
ALTER TABLE metrics ADD COLUMN IF NOT EXISTS steps_ordered BOOLEAN;
