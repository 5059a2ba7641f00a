import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_FLATTEN_DEPTH, flattenConfig } from '../../../shared/util/flatten';
import { parseSampleMetrics } from '../../../shared/util/sample-metrics';
import type { JsonValue } from '../../../shared/util/tolerant-json';
import { completeElements, parseTolerantJson, salvageTolerantJson, TolerantJsonError } from '../../../shared/util/tolerant-json';
import type { Json } from '../../helpers/fuzz';
import { fuzz, FUZZ_TIMEOUT_MS, jsonEqual, jsonValueArb, longLineArb, pythonJson, textArb } from '../../helpers/fuzz';

/**
 * The Python-flavoured JSON reader (shared/util/tolerant-json.ts) behind trainer_state.json, lm-eval results, DVCLive
 * metrics.json, W&B summaries and item values, LLaMA-Factory and table JSON Lines. Two parsers share its grammar (the
 * engine's JSON.parse behind a token swap, and an iterative salvaging scanner): they are checked against each other and
 * against JSON.parse, on any text and on documents of any depth. flattenConfig and parseSampleMetrics read the results.
 */

/** Equal as JSON values, NaN equal to NaN (iterative: the documents may be thousands of levels deep). */
const same = (a: unknown, b: unknown) => expect(jsonEqual(a, b), 'the parsed values differ').toBe(true);

/** A document that makes the fast path fail (its text holds the sentinel prefix), so the careful scanner parses it. */
const viaScanner = (text: string) => `[${text},"rl-nonfinite:",NaN]`;

describe('tolerant JSON fuzz', () => {
  it('standard JSON reads as JSON.parse reads it, through both parsers', async () => {
    await fuzz(
      fc.jsonValue(),
      (v) => {
        const text = JSON.stringify(v);
        same(parseTolerantJson(text), JSON.parse(text));
        const careful = parseTolerantJson(viaScanner(text));
        expect(Array.isArray(careful)).toBe(true);
        same((careful as JsonValue[])[0], JSON.parse(text));
      },
      { weight: 10 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('Python JSON (NaN, ±Infinity, any depth) round-trips through both parsers', async () => {
    await fuzz(
      jsonValueArb(),
      (v) => {
        const text = pythonJson(v);
        same(parseTolerantJson(text), v);
        same((parseTolerantJson(viaScanner(text)) as JsonValue[])[0], v);
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('any text: parse returns or throws TolerantJsonError, salvage never throws, and both agree', async () => {
    await fuzz(
      fc.oneof(textArb(500), longLineArb({ units: ['[', '{"a":', '"', '\\', 'NaN,', '-Infinity', '1e', '0.', '{"a":1,'] })),
      (text) => {
        let parsed: JsonValue | undefined;
        try {
          parsed = parseTolerantJson(text);
        } catch (err) {
          expect(err).toBeInstanceOf(TolerantJsonError);
          expect((err as TolerantJsonError).offset).toBeGreaterThanOrEqual(0);
          expect((err as TolerantJsonError).offset).toBeLessThanOrEqual(text.length);
        }
        const s = salvageTolerantJson(text);
        if (parsed !== undefined) {
          expect(s.error).toBeNull();
          same(s.value, parsed);
        } else {
          expect(s.error).not.toBeNull();
        }
        if (s.cut !== null) completeElements(s, s.cut);
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('a cut document salvages a prefix: the complete elements of a cut list are the first elements of the whole list', async () => {
    await fuzz(
      fc.record({ rows: fc.array(jsonValueArb(), { maxLength: 20 }), cut: fc.double({ min: 0, max: 1, noNaN: true }) }),
      ({ rows, cut }) => {
        const text = pythonJson({ log_history: rows }, 2);
        const s = salvageTolerantJson(text.slice(0, Math.floor(cut * text.length)));
        const kept = completeElements(s, ['log_history']) ?? [];
        expect(kept.length).toBeLessThanOrEqual(rows.length);
        same(kept, rows.slice(0, kept.length));
      },
      { weight: 3 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('flattenConfig: any value of any depth flattens without throwing, keys bounded by the depth cap', async () => {
    await fuzz(
      jsonValueArb(),
      (v: Json) => {
        const out = flattenConfig({ root: v });
        for (const [k, x] of Object.entries(out)) {
          expect(k.split('.').length).toBeLessThanOrEqual(MAX_FLATTEN_DEPTH + 3);
          expect(x === null || ['string', 'number', 'boolean'].includes(typeof x)).toBe(true);
        }
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('parseSampleMetrics: any text gives numbers only', async () => {
    await fuzz(
      fc.oneof(textArb(300), jsonValueArb().map((v) => pythonJson(v))),
      (t) => {
        for (const x of Object.values(parseSampleMetrics(t))) expect(typeof x).toBe('number');
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);
});
