-- $1: runs of the report's curves sections, $2: their metrics, $3: runs of its comparison sections.
-- Every stored point (full resolution, read order) and every eval number, in one long table.
SELECT 'scalar' AS kind, r.name AS run, r.path AS run_path, m.name AS metric, NULL::VARCHAR AS filter, s.seq AS seq, s.step AS step, s.value AS value, NULL::DOUBLE AS stderr
FROM scalars s JOIN metrics m ON s.metric_id = m.id JOIN runs r ON r.id = m.run_id
WHERE r.id IN (SELECT unnest($1::VARCHAR[])) AND list_contains($2::VARCHAR[], m.name)
UNION ALL
SELECT 'eval', r.name, r.path, e.task || ' ' || e.metric, e.filter, NULL, NULL, e.value, e.stderr
FROM evals e JOIN runs r ON r.id = e.run_id
WHERE r.id IN (SELECT unnest($3::VARCHAR[]))
ORDER BY kind DESC, run_path, metric, filter, seq;
