-- The document's category (mmlu `subject`, bbq/truthfulqa `category`, crows_pairs `bias_type`…) for filtering the
-- per-sample review. Rows imported before this migration keep NULL until their run is re-read: the lm-eval importer's
-- version went up with it, which changes every lm-eval run's fingerprint, so the next refresh re-imports them.
ALTER TABLE eval_samples ADD COLUMN IF NOT EXISTS category VARCHAR;
