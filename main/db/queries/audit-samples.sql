-- $1: run ids. Logged eval documents for the audit (identity probes, paraphrase groups, IFEval instructions): one
-- filter per run and task (a document scored under two filters is one answer, not two), responses cut to 4,000
-- characters (self-identification shows early; whole essays are not needed).
SELECT run_id, task, doc_id, category, target, left(response, 4000) AS response, metrics_json, extras_json
FROM eval_samples
WHERE run_id IN (SELECT unnest($1::VARCHAR[]))
QUALIFY filter = min(filter) OVER (PARTITION BY run_id, task)
ORDER BY run_id, task, doc_id;
