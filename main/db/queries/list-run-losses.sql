-- $1: source ids to keep (NULL = all). The last point of each metric that can stand for a run's loss in the runs
-- list: pickLossMetric (shared/domain/loss-metric.ts) only ever picks a name ending in "loss", so only those are read
-- (turning rows into JavaScript values is most of this query's cost: every metric of 10,000 runs took 0.2 s).
SELECT m.run_id, m.name, m.last_step, m.last_value
FROM metrics m JOIN runs r ON r.id = m.run_id
WHERE ($1::VARCHAR[] IS NULL OR list_contains($1::VARCHAR[], r.source_id)) AND m.name ILIKE '%loss'
ORDER BY m.run_id, m.name;
