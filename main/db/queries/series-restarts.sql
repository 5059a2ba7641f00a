-- $1 metric id: every point whose step is lower than the step before it (read order): where a restart or resume
-- began, with the step it went back from.
SELECT seq, step, prev AS from_step
FROM (SELECT seq, step, lag(step) OVER (ORDER BY seq) AS prev FROM scalars WHERE metric_id = $1)
WHERE step < prev
ORDER BY seq;
