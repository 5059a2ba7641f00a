import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableImporter } from '../../../main/importers/table';
import { stepColumnOf } from '../../../main/importers/table/columns';
import { looksLikeDelimitedTable, looksLikeJsonlTable, tableColumnsIn } from '../../../main/importers/table/detect';
import { readTableOptions } from '../../../main/importers/table/options';
import { fuzz, FUZZ_TIMEOUT_MS, textArb } from '../../helpers/fuzz';
import { collect, memorySource, seriesOf } from '../../helpers/importers';
import type { Corpus, FuzzRun } from './support/importer-fuzz';
import { fuzzGrownRuns, fuzzJsonEditedRuns, fuzzMutatedRuns, fuzzPrefixKept, loadCorpus, readChecked } from './support/importer-fuzz';

/**
 * Generic metric tables (CSV, TSV, JSON Lines with a step-like column), the fallback for tools RunLens does not know,
 * and the user's column choices (RunSource.options: untrusted strings, validated by zod in the importer).
 */

let corpus: Corpus;
beforeAll(async () => {
  corpus = await loadCorpus(tableImporter, ['table']);
});

describe('table fuzz', () => {
  it('byte mutations of CSV, TSV and JSONL tables never throw and stay within the record contract', async () => {
    await fuzzMutatedRuns(tableImporter, corpus, { weight: 1 });
  }, FUZZ_TIMEOUT_MS);

  it('tree edits of a JSONL row never throw', async () => {
    await fuzzJsonEditedRuns(tableImporter, corpus, { weight: 0.5 });
  }, FUZZ_TIMEOUT_MS);

  it('a mutated table grown to a megabyte reads in time', async () => {
    await fuzzGrownRuns(tableImporter, corpus);
  }, FUZZ_TIMEOUT_MS);

  it('a cut table keeps a prefix of what a longer cut keeps, damaged or not', async () => {
    await fuzzPrefixKept(tableImporter, corpus, { weight: 0.5 });
    await fuzzPrefixKept(tableImporter, corpus, { weight: 0.5, mutate: true });
  }, FUZZ_TIMEOUT_MS);

  it('any options bag (step and wall columns the file may lack, junk keys) reads within the record contract', async () => {
    const options = fc.dictionary(fc.oneof(fc.constantFrom('stepColumn', 'stepIsRowNumber', 'wallColumn', '__proto__'), fc.string({ maxLength: 6 })), fc.oneof(fc.constantFrom('step', 'true', 'loss', '', '_timestamp'), fc.string({ maxLength: 10 })), { maxKeys: 4 });
    await fuzz(
      fc.record({ run: fc.nat({ max: corpus.runs.length - 1 }), options }),
      async ({ run, options: o }) => {
        readTableOptions(o);
        const r = corpus.runs[run] as FuzzRun;
        await readChecked(tableImporter, { ...r, options: o }, new Map());
      },
      { weight: 1 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('the detectors take any head bytes', async () => {
    await fuzz(
      fc.oneof(textArb(600), fc.uint8Array({ maxLength: 600 }).map((b) => new TextDecoder().decode(b))),
      (t) => {
        const head = new TextEncoder().encode(t);
        looksLikeDelimitedTable(head, ',');
        looksLikeDelimitedTable(head, '\t');
        looksLikeJsonlTable(head);
        for (const kind of ['csv', 'tsv', 'jsonl'] as const) {
          const cols = tableColumnsIn(head, kind);
          if (cols !== null) expect(cols.detectedStep === null || cols.columns.includes(cols.detectedStep)).toBe(true);
        }
        stepColumnOf(t.split(','));
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('table fuzz regressions', () => {
  // Found while fuzzing the JSON readers' depth: a JSONL row's numbers were collected by recursion into nested
  // objects, so one row nested 8000 levels deep overflowed the stack and `parse` threw.
  it('a JSONL row nested 8000 levels deep is skipped past the depth cap; the other rows are read', async () => {
    const row = (s: number) => JSON.stringify({ step: s, loss: s / 10 });
    const deep = `{"step": 3, "x": ${'{"a": '.repeat(8000)}1${'}'.repeat(8000)}}`;
    const recs = await collect(tableImporter, memorySource({ 'm.jsonl': `${[row(1), row(2), deep].join('\n')}\n` }));
    expect(seriesOf(recs).get('loss')?.values).toEqual([0.1, 0.2]);
  });
});
