-- $1: run ids. Logged documents with their text, for the per-sample review (the source file is not needed).
SELECT run_id, task, filter, doc_id, doc_hash, category, target, prompt, response, metrics_json
FROM eval_samples
WHERE run_id IN (SELECT unnest($1::VARCHAR[]));
