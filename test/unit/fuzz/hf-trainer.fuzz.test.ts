import { beforeAll, describe, expect, it } from 'vitest';
import { hfTrainerImporter } from '../../../main/importers/hf-trainer';
import type { Json } from '../../helpers/fuzz';
import { FUZZ_TIMEOUT_MS, pythonJson } from '../../helpers/fuzz';
import { collect, memorySource, seriesOf } from '../../helpers/importers';
import type { Corpus } from './support/importer-fuzz';
import { fuzzJsonEditedRuns, fuzzMutatedRuns, fuzzPrefixKept, loadCorpus } from './support/importer-fuzz';

/**
 * Hugging Face Trainer output folders: trainer_state.json (Python-flavoured JSON with NaN/Infinity, salvaged when cut),
 * checkpoint-N/ states, *_results.json, adapter and model configs. Byte mutations fuzz the tolerant JSON reader and its
 * byte offsets; tree edits fuzz what the importer expects of log_history rows and fields (steps that are strings, NaN
 * or 1e308, rows that are lists, deep nesting, prototype keys).
 */

let corpus: Corpus;
beforeAll(async () => {
  corpus = await loadCorpus(hfTrainerImporter, ['hf-trainer']);
});

describe('hf-trainer fuzz', () => {
  it('byte mutations of any run file never throw and stay within the record contract', async () => {
    await fuzzMutatedRuns(hfTrainerImporter, corpus, { weight: 1 });
  }, FUZZ_TIMEOUT_MS);

  it('tree edits of trainer_state.json and the side files never throw', async () => {
    await fuzzJsonEditedRuns(hfTrainerImporter, corpus, { weight: 1 });
  }, FUZZ_TIMEOUT_MS);

  it('a cut trainer_state.json keeps a prefix of what a longer cut keeps, damaged or not', async () => {
    const states = { ...corpus, targets: corpus.targets.filter((t) => t.file.endsWith('trainer_state.json')) };
    await fuzzPrefixKept(hfTrainerImporter, states, { weight: 0.5 });
    await fuzzPrefixKept(hfTrainerImporter, states, { weight: 0.5, mutate: true });
  }, FUZZ_TIMEOUT_MS);
});

describe('hf-trainer fuzz regressions', () => {
  // Found by the byte mutator: the warning's byte offset re-encoded the decoded text, so each invalid UTF-8 byte
  // (decoded to one U+FFFD, 3 bytes re-encoded) pushed the offset 2 bytes further, past the end of a cut file.
  it('a cut state file with an invalid UTF-8 byte warns at the byte where it ends', async () => {
    const head = new TextEncoder().encode('{"note": "');
    const tail = new TextEncoder().encode('", "log_history": [{"step": 1, "loss": 0.5}, {"step": 2, "lo');
    const bytes = new Uint8Array([...head, 0x80, 0xc3, ...tail]);
    const recs = await collect(hfTrainerImporter, memorySource({ 'trainer_state.json': bytes }));
    const w = recs.find((r) => r.kind === 'warning');
    expect(w).toMatchObject({ offset: bytes.length, message: expect.stringContaining(`ends early at byte ${bytes.length}`) });
    expect(seriesOf(recs).get('loss')?.values).toEqual([0.5]);
  });

  // Found by the tree editor: flattenConfig recursed once per level, so a config nested a few thousand levels deep
  // overflowed the stack and the run ended in the importer's crash guard.
  it('a config.json nested 5000 levels deep is read, the deep part kept as a marker', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = i % 2 === 0 ? [deep] : { a: deep };
    const state = JSON.stringify({ global_step: 1, log_history: [{ step: 1, loss: 0.5 }] });
    const recs = await collect(hfTrainerImporter, memorySource({ 'trainer_state.json': state, 'config.json': pythonJson({ x: deep as Json }) }));
    expect(recs.filter((r) => r.kind === 'warning')).toEqual([]);
    const model = recs.find((r) => r.kind === 'config' && r.origin === 'model_config');
    expect(model?.kind === 'config' && Object.values(model.entries)).toContain('[nested too deep]');
  });
});
