-- $1: run id, $2: step. Each metric's last logged value at or before the step: what the run had reached when a
-- checkpoint at that step was saved. A resumed run logs a step twice; the later write (higher seq) wins.
SELECT m.name, s.step, s.value
FROM metrics m JOIN scalars s ON s.metric_id = m.id
WHERE m.run_id = $1 AND s.step <= $2
QUALIFY row_number() OVER (PARTITION BY m.name ORDER BY s.step DESC, s.seq DESC) = 1
ORDER BY m.name;
