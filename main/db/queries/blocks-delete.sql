-- $1 metric ids, $2 first read position to rebuild (a multiple of every block size): drops the blocks that hold it or
-- anything after it.
DELETE FROM scalar_blocks WHERE metric_id = ANY($1::INTEGER[]) AND (blk + 1) * size > $2::INTEGER;
