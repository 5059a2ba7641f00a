import { beforeAll, describe, expect, it } from 'vitest';
import { dvcliveImporter } from '../../../main/importers/dvclive';
import type { Json } from '../../helpers/fuzz';
import { FUZZ_TIMEOUT_MS, pythonJson } from '../../helpers/fuzz';
import { collect, memorySource } from '../../helpers/importers';
import type { Corpus } from './support/importer-fuzz';
import { fuzzGrownRuns, fuzzJsonEditedRuns, fuzzMutatedRuns, fuzzPrefixKept, loadCorpus } from './support/importer-fuzz';

/** DVCLive output folders: plots/metrics/**.tsv (one metric's history per file), metrics.json and params.yaml. */

let corpus: Corpus;
beforeAll(async () => {
  corpus = await loadCorpus(dvcliveImporter, ['dvclive']);
});

describe('dvclive fuzz', () => {
  it('byte mutations of the TSVs, metrics.json and params.yaml never throw and stay within the record contract', async () => {
    await fuzzMutatedRuns(dvcliveImporter, corpus, { weight: 1 });
  }, FUZZ_TIMEOUT_MS);

  it('tree edits of metrics.json never throw', async () => {
    await fuzzJsonEditedRuns(dvcliveImporter, corpus, { weight: 0.5 });
  }, FUZZ_TIMEOUT_MS);

  it('a mutated metric TSV grown to a megabyte reads in time', async () => {
    await fuzzGrownRuns(dvcliveImporter, corpus, { isTarget: (f) => f.endsWith('.tsv') });
  }, FUZZ_TIMEOUT_MS);

  it('a cut metric TSV keeps a prefix of what a longer cut keeps, damaged or not', async () => {
    const tsv = { ...corpus, targets: corpus.targets.filter((t) => t.file.endsWith('.tsv')) };
    await fuzzPrefixKept(dvcliveImporter, tsv, { weight: 0.5 });
    await fuzzPrefixKept(dvcliveImporter, tsv, { weight: 0.5, mutate: true });
  }, FUZZ_TIMEOUT_MS);
});

describe('dvclive fuzz regressions', () => {
  // Found by the tree editor: metrics.json was flattened by recursion (and arrays by JSON.stringify), so a document
  // nested a few thousand levels deep overflowed the stack and `parse` threw.
  it('a metrics.json nested 5000 levels deep is read, the deep part kept as a marker', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = i % 2 === 0 ? { a: deep } : [deep];
    const recs = await collect(dvcliveImporter, memorySource({ 'dvclive/metrics.json': JSON.stringify({ step: 3, deep: [0] }).replace('[0]', pythonJson(deep as Json)) }, 'dvclive'));
    expect(recs.filter((r) => r.kind === 'warning')).toEqual([]);
    const summary = recs.find((r) => r.kind === 'config');
    expect(summary?.kind === 'config' && summary.entries.step).toBe(3);
    expect(summary?.kind === 'config' && Object.values(summary.entries)).toContain('[nested too deep]');
  });
});
