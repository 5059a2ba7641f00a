import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { lmEvalImporter } from '../../../main/importers/lm-eval';
import { looksLikeResults } from '../../../main/importers/lm-eval/detect';
import { checkpointStepIn, modelInfo, parseModelArgs } from '../../../main/importers/lm-eval/model';
import { dateIdOf, nameDateSec, parseSamplesName, sanitizeModelName, undatedStem } from '../../../main/importers/lm-eval/names';
import type { Json } from '../../helpers/fuzz';
import { fuzz, FUZZ_TIMEOUT_MS, jsonValueArb, longLineArb, textArb } from '../../helpers/fuzz';
import type { Corpus } from './support/importer-fuzz';
import { fuzzGrownRuns, fuzzJsonEditedRuns, fuzzMutatedRuns, fuzzPrefixKept, loadCorpus } from './support/importer-fuzz';

/**
 * lm-evaluation-harness output: results JSON (v0.3 single files, v0.4 `results_<date_id>.json`, GPT-NeoX
 * `eval_results_*.json`) and per-sample `samples_<task>_<date_id>.jsonl`, plus the file-name and model_args parsers
 * that decide which files form a run.
 */

let corpus: Corpus;
beforeAll(async () => {
  corpus = await loadCorpus(lmEvalImporter, ['lm-eval']);
});

describe('lm-eval fuzz', () => {
  it('byte mutations of results and samples files never throw and stay within the record contract', async () => {
    await fuzzMutatedRuns(lmEvalImporter, corpus, { weight: 1 });
  }, FUZZ_TIMEOUT_MS);

  it('tree edits of results documents and sample rows never throw', async () => {
    await fuzzJsonEditedRuns(lmEvalImporter, corpus, { weight: 1 });
  }, FUZZ_TIMEOUT_MS);

  it('a mutated samples file grown to a megabyte reads in time', async () => {
    await fuzzGrownRuns(lmEvalImporter, corpus, { isTarget: (f) => f.endsWith('.jsonl') });
  }, FUZZ_TIMEOUT_MS);

  it('a cut results or samples file keeps what a longer cut keeps, damaged or not', async () => {
    await fuzzPrefixKept(lmEvalImporter, corpus, { weight: 0.5 });
    await fuzzPrefixKept(lmEvalImporter, corpus, { weight: 0.5, mutate: true });
  }, FUZZ_TIMEOUT_MS);

  it('file names, model args and checkpoint paths: any text never throws, in time', async () => {
    const names = fc.oneof(textArb(120), longLineArb({ maxChars: 20_000, units: ['samples_', '_2024-01-01T00-00-00', 'step1', 'checkpoint-', '_', '-', '01-'], prefixes: ['samples_', 'results_'] }));
    await fuzz(
      names,
      (t) => {
        dateIdOf(t);
        const sec = nameDateSec(t);
        expect(sec === null || typeof sec === 'number').toBe(true);
        undatedStem(t);
        const s = parseSamplesName(t);
        if (s !== null) expect(typeof s.task).toBe('string');
        expect(sanitizeModelName(t)).not.toMatch(/["<>:/|\\?*[\]]/);
        const step = checkpointStepIn(t);
        expect(step === null || Number.isInteger(step)).toBe(true);
        for (const v of Object.values(parseModelArgs(t))) expect(typeof v).toBe('string');
        looksLikeResults(t);
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('model identity of any document never throws', async () => {
    await fuzz(
      fc.record({ config: fc.oneof(jsonValueArb(), fc.record({ model_args: fc.oneof(jsonValueArb(), textArb(200)), model: jsonValueArb() })), model_name: jsonValueArb(), pretty_env_info: jsonValueArb() }),
      (doc: Record<string, Json>) => {
        const info = modelInfo(doc);
        expect(info.name === null || typeof info.name === 'string').toBe(true);
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);
});
