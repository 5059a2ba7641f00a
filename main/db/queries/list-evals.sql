-- $1: run ids. Every aggregate eval number of these runs (lm-eval results and the like).
SELECT run_id, task, metric, filter, value, stderr, higher_is_better, n_samples
FROM evals
WHERE run_id IN (SELECT unnest($1::VARCHAR[]))
ORDER BY run_id, task, metric, filter;
