import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { llamaFactoryImporter } from '../../../main/importers/llama-factory';
import { parseTimedelta } from '../../../main/importers/llama-factory/duration';
import { fuzz, FUZZ_TIMEOUT_MS, longLineArb, textArb } from '../../helpers/fuzz';
import type { Corpus } from './support/importer-fuzz';
import { fuzzGrownRuns, fuzzJsonEditedRuns, fuzzMutatedRuns, fuzzPrefixKept, loadCorpus } from './support/importer-fuzz';

/** LLaMA-Factory's trainer_log.jsonl (one Python-flavoured JSON object per logging step) and training_args.yaml. */

let corpus: Corpus;
beforeAll(async () => {
  corpus = await loadCorpus(llamaFactoryImporter, ['llama-factory']);
});

describe('llama-factory fuzz', () => {
  it('byte mutations of trainer_log.jsonl and training_args.yaml never throw and stay within the record contract', async () => {
    await fuzzMutatedRuns(llamaFactoryImporter, corpus, { weight: 1 });
  }, FUZZ_TIMEOUT_MS);

  it('tree edits of one log row (steps and durations of any type, deep nesting) never throw', async () => {
    await fuzzJsonEditedRuns(llamaFactoryImporter, corpus, { weight: 1 });
  }, FUZZ_TIMEOUT_MS);

  it('a mutated trainer_log.jsonl grown to a megabyte reads in time', async () => {
    await fuzzGrownRuns(llamaFactoryImporter, corpus, { isTarget: (f) => f.endsWith('.jsonl') });
  }, FUZZ_TIMEOUT_MS);

  it('a cut trainer_log.jsonl keeps a prefix of what a longer cut keeps, damaged or not', async () => {
    const logs = { ...corpus, targets: corpus.targets.filter((t) => t.file.endsWith('.jsonl')) };
    await fuzzPrefixKept(llamaFactoryImporter, logs, { weight: 0.5 });
    await fuzzPrefixKept(llamaFactoryImporter, logs, { weight: 0.5, mutate: true });
  }, FUZZ_TIMEOUT_MS);

  it('durations: any text is seconds or null, in time', async () => {
    await fuzz(
      fc.oneof(textArb(100), longLineArb({ units: ['1', '1:', ':00', ' days, ', '9'], prefixes: ['3 days, ', '-1 day, 0:00:0'] })),
      (t) => {
        const s = parseTimedelta(t);
        expect(s === null || typeof s === 'number').toBe(true);
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);
});
