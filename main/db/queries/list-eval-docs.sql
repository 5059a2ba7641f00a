-- $1: run ids. Per-document scores of logged samples (not the prompt/response text: the comparison needs numbers only).
SELECT run_id, task, filter, doc_id, doc_hash, metrics_json
FROM eval_samples
WHERE run_id IN (SELECT unnest($1::VARCHAR[]));
