-- Doc fields and list-valued per-sample scores the audit reads (issue 10): `paraphrase_group`/`variant`/`domain` for
-- template reliance, IFEval's `instruction_id_list` with `inst_level_strict_acc`/`inst_level_loose_acc`, a probe's
-- `language`. A JSON object of only those keys (NULL when a sample has none); the lm-eval importer's version went up
-- with it, so runs read before re-import on the next refresh.
ALTER TABLE eval_samples ADD COLUMN IF NOT EXISTS extras_json VARCHAR;
