import { describe, expect, it } from 'vitest';
import { importers } from '../../main/importers/registry';
import { readClaim, scanSource } from '../../main/services/import-source';
import { tensorboardEma } from '../../shared/analysis/smoothing';
import { fixturesDir, hasRealdata, realdataDir } from '../helpers/paths';

/**
 * TensorBoard's `classicSmoothing`, transcribed literally from tensorboard/webapp/widgets/line_chart_v2/
 * data_transformer.ts (as restated in ../shared/reference/anchors.md §1.2): the oracle the app's smoothing must match
 * to the last bit.
 */
function tbReference(ys: number[], weight: number): number[] {
  const isConstant = ys.every((v) => v === ys[0]);
  let last = ys.length > 0 ? 0 : NaN;
  let numAccum = 0;
  return ys.map((y) => {
    if (isConstant || !Number.isFinite(y)) return y;
    last = last * weight + (1 - weight) * y;
    numAccum++;
    const debias = weight === 1 ? 1 : 1 - Math.pow(weight, numAccum);
    return last / debias;
  });
}

const WEIGHTS = [0, 0.25, 0.6, 0.9, 0.99, 0.999];

describe('smoothing equals TensorBoard exactly on every real series', () => {
  it.each([...(hasRealdata ? [['realdata', realdataDir]] : []), ['fixtures', fixturesDir]])('%s: max abs difference 0 for every series and weight', async (_label, root) => {
    const scanned = await scanSource(root as string, importers);
    const signal = new AbortController().signal;
    let series = 0;
    let points = 0;
    for (const claim of scanned.scan.claims) {
      const run = await readClaim(scanned, claim, signal);
      for (const s of run.series.values()) {
        const ys = Array.from(s.values.view());
        series++;
        points += ys.length;
        for (const w of WEIGHTS) {
          const want = tbReference(ys, w);
          const got = tensorboardEma(ys, w);
          let differs = -1;
          for (let i = 0; i < ys.length && differs < 0; i++) if (!Object.is(got[i], want[i])) differs = i;
          expect(differs, `${claim.relPath} ${s.name} weight ${w}: first difference at index ${differs}`).toBe(-1);
        }
      }
    }
    // The sweep really covered data (not an empty scan).
    expect(series).toBeGreaterThan(50);
    expect(points).toBeGreaterThan(10_000);
  }, 120_000);
});
