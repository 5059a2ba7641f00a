-- $1 metric ids, $2 first read position, $3 finer block size, $4 coarser block size (a multiple of it): coarse blocks
-- folded from the finer ones (never from the points again).
INSERT INTO scalar_blocks
SELECT metric_id, $4::INTEGER, (blk // ($4::INTEGER // $3::INTEGER))::INTEGER AS cblk, sum(n)::INTEGER,
       arg_min(first_step, last_seq), arg_max(last_step, last_seq), arg_min(first_value, last_seq), arg_max(last_value, last_seq),
       max(last_seq), min(lo), max(hi)
FROM scalar_blocks
WHERE metric_id = ANY($1::INTEGER[]) AND size = $3::INTEGER AND blk * $3::INTEGER >= $2::INTEGER
GROUP BY metric_id, cblk
ORDER BY metric_id, cblk;
