import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { rawLogImporter } from '../../../main/importers/raw-log';
import { cleanLine, forDisplay, MAX_LINE_CHARS, rankOf, stripLauncherPrefix } from '../../../main/importers/raw-log/clean-line';
import { looksLikeText } from '../../../main/importers/raw-log/detect';
import { parseNumber, pointsOfLine } from '../../../main/importers/raw-log/metric-lines';
import { readPyDict } from '../../../main/importers/raw-log/py-dict';
import { leadingWallTime } from '../../../main/importers/raw-log/wall-time';
import { fuzz, FUZZ_TIMEOUT_MS, longLineArb, textArb, timed } from '../../helpers/fuzz';
import type { Corpus } from './support/importer-fuzz';
import { expectRecordContract, fuzzMutatedRuns, fuzzPrefixKept, loadCorpus } from './support/importer-fuzz';
import { collect, memorySource } from '../../helpers/importers';

/**
 * Plain-text training logs: the line splitter, ANSI and `\r` redraw handling, launcher prefixes, the metric-line
 * shapes (Megatron, verl, the HF Trainer's printed dicts), leading wall times. Line parsers are regex-driven, so
 * besides mutated fixture logs they get long adversarial lines: a line head repeated a hundred thousand times is the
 * classic way to make a regex backtrack.
 */

/** Line heads the parsers look for, cut short and repeated by longLineArb. */
const HEADS = [
  ' iteration 1/ 10 |',
  ' iteration ',
  'validation loss at iteration 3 | lm loss value: 1.0 |',
  'valid loss at iteration ',
  'step:1 - ',
  'step:',
  "{'loss': 0.5, 'learning_rate': 1e-05, 'epoch': 0.1}",
  "{'loss': ",
  '[rank0]:',
  '(WorkerDict pid=1, ip=10.0.0.1) ',
  '(a ',
  '[2024-05-01 10:00:00,123] ',
  '2024-05-01T10:00:00.123456789+02:00 ',
  '\x1b[31m',
  '\x1b]0;title\x07',
  'np.float64(',
];

let corpus: Corpus;
beforeAll(async () => {
  corpus = await loadCorpus(rawLogImporter, ['raw-log']);
});

describe('raw-log fuzz', () => {
  it('byte mutations of any log never throw and stay within the record contract', async () => {
    await fuzzMutatedRuns(rawLogImporter, corpus, { weight: 1 });
  }, FUZZ_TIMEOUT_MS);

  it('a cut log keeps a prefix of what a longer cut keeps, damaged or not', async () => {
    await fuzzPrefixKept(rawLogImporter, corpus, { weight: 0.5 });
    await fuzzPrefixKept(rawLogImporter, corpus, { weight: 0.5, mutate: true });
  }, FUZZ_TIMEOUT_MS);

  it('the line functions take any text and long adversarial lines in time', async () => {
    await fuzz(
      fc.oneof(textArb(500), longLineArb({ units: HEADS, prefixes: HEADS })),
      (line) => {
        const clean = cleanLine(line);
        // Redraws resolved and control characters gone: only tab, newline and ESC (of a sequence it could not parse) stay.
        // eslint-disable-next-line no-control-regex
        expect(clean).not.toMatch(/[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]/);
        expect(forDisplay(clean).length).toBeLessThanOrEqual(MAX_LINE_CHARS + 40);
        const body = stripLauncherPrefix(clean);
        const r = rankOf(clean);
        expect(r === null || Number.isInteger(r)).toBe(true);
        const p = pointsOfLine(body);
        if (p !== null) for (const [k, v] of p.values) expect(typeof k === 'string' && typeof v === 'number').toBe(true);
        parseNumber(body);
        const w = leadingWallTime(body);
        expect(w === null || Number.isFinite(w)).toBe(true);
        const brace = body.indexOf('{');
        if (brace >= 0) readPyDict(body, brace);
        looksLikeText(new TextEncoder().encode(line.slice(0, 4096)));
      },
      { weight: 3 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('a log of long adversarial lines reads in time within the record contract', async () => {
    await fuzz(
      fc.array(fc.oneof(longLineArb({ units: HEADS, prefixes: HEADS }), textArb(200)), { minLength: 1, maxLength: 4 }),
      async (lines) => {
        const text = `${lines.join('\n')}\n`;
        const src = memorySource({ 'train.log': text });
        const recs = await collect(rawLogImporter, src);
        expectRecordContract(recs, src, new Map([['train.log', new TextEncoder().encode(text).length]]));
      },
      { weight: 1 },
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('raw-log fuzz regressions', () => {
  // Found by the 500-case run (the same backtracking as shared-text's number cells): a line of 100,000 digits took 6 s.
  it.each(['x', 'e', '.0x'])('a value token of 100,000 digits followed by %j is read in time', (tail) => {
    expect(timed('parseNumber', () => parseNumber(`${'0'.repeat(100_000)}${tail}`), 200)).toBeNull();
    expect(parseNumber('12.')).toBe(12);
    expect(parseNumber('-.5e3')).toBe(-500);
  });
});
