import { describe, expect, it } from 'vitest';
import { seriesFromRows } from '../../../../main/importers/hf-trainer/series';
import { parseTolerantJson } from '../../../../shared/util/tolerant-json';
import type { JsonValue } from '../../../../shared/util/tolerant-json';

const rowsOf = (text: string) => parseTolerantJson(text) as JsonValue[];
const plain = (rows: JsonValue[]) => seriesFromRows(rows).series.map((s) => ({ metric: s.metric, steps: [...s.steps], values: [...s.values], walls: s.wallTimesSec }));

describe('seriesFromRows', () => {
  it('names series exactly as the rows do, in order of first appearance, points in row order', () => {
    const rows = rowsOf('[{"loss": 2, "rewards/margins": 0.0, "step": 1}, {"eval_loss": 1.5, "step": 1}, {"loss": 1, "step": 3}, {"loss": 3, "step": 2}]');
    expect(plain(rows)).toEqual([
      { metric: 'loss', steps: [1, 3, 2], values: [2, 1, 3], walls: null },
      { metric: 'rewards/margins', steps: [1], values: [0], walls: null },
      { metric: 'eval_loss', steps: [1], values: [1.5], walls: null },
    ]);
  });

  it('makes NaN and ±Infinity points; null, strings, booleans and objects make none', () => {
    const rows = rowsOf('[{"loss": NaN, "grad_norm": Infinity, "kl": -Infinity, "reward": null, "mode": "train", "flag": true, "obj": {"a": 1}, "step": 7}]');
    const s = plain(rows);
    expect(s.map((x) => x.metric)).toEqual(['loss', 'grad_norm', 'kl']);
    expect(s.map((x) => x.values[0])).toEqual([Number.NaN, Infinity, -Infinity]);
    expect(s.every((x) => x.steps[0] === 7)).toBe(true);
  });

  it('skips and counts rows that cannot be placed on the step axis', () => {
    const rows = rowsOf('[{"loss": 1}, {"loss": 2, "step": null}, {"loss": 3, "step": "4"}, {"loss": 4, "step": NaN}, 5, null, [1], {"loss": 6, "step": 6}]');
    const { series, skippedRows } = seriesFromRows(rows);
    expect(skippedRows).toBe(7);
    expect(series.map((s) => [s.metric, [...s.steps], [...s.values]])).toEqual([['loss', [6], [6]]]);
  });

  it('gives no series for an empty history', () => {
    expect(seriesFromRows([])).toEqual({ series: [], skippedRows: 0 });
  });

  it('keeps every point of a long history (no downsampling at import)', () => {
    const rows: JsonValue[] = Array.from({ length: 5000 }, (_, i) => ({ loss: 1 / (i + 1), step: i + 1 }));
    const [loss] = seriesFromRows(rows).series;
    expect(loss?.steps.length).toBe(5000);
    expect([loss?.steps[4999], loss?.values[4999]]).toEqual([5000, 1 / 5000]);
  });
});
