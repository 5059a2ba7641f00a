import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { lightningCsvImporter } from '../../../main/importers/lightning-csv';
import { CASE_LIMIT_MS, FUZZ_TIMEOUT_MS, withWatchdog } from '../../helpers/fuzz';
import { collect, memorySource, seriesOf } from '../../helpers/importers';
import type { Corpus } from './support/importer-fuzz';
import { fuzzGrownRuns, fuzzMutatedRuns, fuzzPrefixKept, loadCorpus } from './support/importer-fuzz';

/** PyTorch Lightning's CSVLogger: a sparse metrics.csv (RFC 4180 quoting, cells that may hold newlines) and hparams.yaml. */

let corpus: Corpus;
beforeAll(async () => {
  corpus = await loadCorpus(lightningCsvImporter, ['lightning-csv']);
});

describe('lightning-csv fuzz', () => {
  it('byte mutations of metrics.csv and hparams.yaml never throw and stay within the record contract', async () => {
    await fuzzMutatedRuns(lightningCsvImporter, corpus, { weight: 1 });
  }, FUZZ_TIMEOUT_MS);

  it('a mutated metrics.csv grown to a megabyte reads in time', async () => {
    await fuzzGrownRuns(lightningCsvImporter, corpus, { isTarget: (f) => f.endsWith('.csv') });
  }, FUZZ_TIMEOUT_MS);

  it('a cut metrics.csv keeps a prefix of what a longer cut keeps, damaged or not', async () => {
    const csv = { ...corpus, targets: corpus.targets.filter((t) => t.file.endsWith('.csv')) };
    await fuzzPrefixKept(lightningCsvImporter, csv, { weight: 0.5 });
    await fuzzPrefixKept(lightningCsvImporter, csv, { weight: 0.5, mutate: true });
  }, FUZZ_TIMEOUT_MS);
});

describe('lightning-csv fuzz regressions', () => {
  // Found by the grown-input fuzzer: while a quote was open, every following line re-split the whole open record, so
  // one stray quote in the second line of a 425 KB metrics.csv took 134 s.
  it('one stray quote in a 32,000-row metrics.csv reads within the case bound', async () => {
    const text = `step,loss\n1,"0.5\n${Array.from({ length: 32_000 }, (_, i) => `${i},0.${i}`).join('\n')}\n`;
    const started = performance.now();
    const recs = await withWatchdog('stray quote', () => collect(lightningCsvImporter, memorySource({ 'metrics.csv': text })));
    expect(performance.now() - started).toBeLessThan(CASE_LIMIT_MS);
    expect(seriesOf(recs).size).toBe(0);
    expect(recs.find((r) => r.kind === 'warning')).toMatchObject({ offset: 10, message: expect.stringMatching(/^Line 2 \(byte 10\) is unfinished/) });
  });
});
