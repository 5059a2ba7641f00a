import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensorboardImporter } from '../../../../main/importers/tensorboard';
import { computeGoodput } from '../../../../shared/analysis/diagnosis/goodput';
import type { GoodputInput } from '../../../../shared/analysis/diagnosis/goodput';
import { Goodput } from '../../../../shared/domain/diagnosis';
import type { ScalarBatchRecord } from '../../../../shared/importers/records';
import { collect, memorySource } from '../../../helpers/importers';
import { repoRoot } from '../../../helpers/paths';

type Pt = GoodputInput['points'][number];

/** Points every `every` steps from `from` to `to`, `secPerStep` apart from `start` (null: no wall times). */
function stretch(from: number, to: number, every: number, start: number | null, secPerStep = 1): Pt[] {
  const out: Pt[] = [];
  for (let step = from; step <= to; step += every) out.push({ step, wall: start === null ? null : start + (step - from) * secPerStep });
  return out;
}

/** Runs it and checks the result against the schema the host sends over IPC. */
function goodput(points: Pt[], checkpointSteps: number[] = []) {
  const g = computeGoodput({ points, checkpointSteps });
  expect(Goodput.parse(g)).toEqual(g);
  return g;
}

describe('computeGoodput', () => {
  it('a clean run: one attempt, nothing lost, ETTR 1; the checkpoint interval in steps and seconds', () => {
    const g = goodput(stretch(10, 100, 10, 1000, 2), [100, 50, 50]);
    expect(g).toEqual({
      attempts: [{ startStep: 10, endStep: 100, startTime: 1000, endTime: 1180 }],
      restarts: 0,
      wallSeconds: 180,
      productiveSeconds: 180,
      ettr: 1,
      recomputedSteps: 0,
      lostSeconds: 0,
      downSeconds: 0,
      checkpointIntervalSteps: 50,
      checkpointIntervalSeconds: 100,
    });
  });

  it('one restart: down time from crash to relaunch, plus the time spent re-training up to where it died', () => {
    // Attempt 1: steps 0..100 at 1 s/step (t = 1000..1100), dies. Relaunched from the step-50 checkpoint; its first
    // logged step is 60 at t = 1400 (300 s down), 2 s/step, so it passes step 100 at t = 1480 (80 s recomputing)
    // and ends at step 200, t = 1680. Wall 680 s, lost 380 s, productive 300 s (100 + 200).
    const points = [...stretch(0, 100, 10, 1000, 1), ...stretch(60, 200, 10, 1400, 2)];
    const g = goodput(points, [50, 100, 150, 200]);
    expect(g.attempts).toEqual([
      { startStep: 0, endStep: 100, startTime: 1000, endTime: 1100 },
      { startStep: 60, endStep: 200, startTime: 1400, endTime: 1680 },
    ]);
    expect(g.restarts).toBe(1);
    expect(g.recomputedSteps).toBe(40);
    expect(g.wallSeconds).toBe(680);
    expect(g.downSeconds).toBe(300);
    expect(g.lostSeconds).toBe(380);
    expect(g.productiveSeconds).toBe(300);
    expect(g.ettr).toBeCloseTo(300 / 680, 12);
    // 50→100 timed on attempt 1 (50 s); 100→150 and 150→200 on attempt 2 (100 s each): median 100.
    expect(g.checkpointIntervalSteps).toBe(50);
    expect(g.checkpointIntervalSeconds).toBe(100);
  });

  it('without wall times: attempts and steps still counted, every time field null', () => {
    const g = goodput([...stretch(0, 100, 10, null), ...stretch(60, 200, 10, null)], [200, 100]);
    expect(g.attempts).toEqual([
      { startStep: 0, endStep: 100, startTime: null, endTime: null },
      { startStep: 60, endStep: 200, startTime: null, endTime: null },
    ]);
    expect(g).toMatchObject({ restarts: 1, recomputedSteps: 40, wallSeconds: null, productiveSeconds: null, ettr: null, lostSeconds: null, downSeconds: null, checkpointIntervalSteps: 100, checkpointIntervalSeconds: null });
    // One attempt timed, the other not: its down and recompute time cannot be measured, so none is reported.
    const half = goodput([...stretch(0, 100, 10, 1000), ...stretch(60, 200, 10, null)]);
    expect(half.attempts[0]).toEqual({ startStep: 0, endStep: 100, startTime: 1000, endTime: 1100 });
    expect(half).toMatchObject({ wallSeconds: null, lostSeconds: null, ettr: null, recomputedSteps: 40 });
  });

  it('points missing some wall times: measured on the ones that have them', () => {
    const points = stretch(0, 100, 10, 1000).map((p, i) => (i % 3 === 2 ? { ...p, wall: null } : p));
    const g = goodput(points);
    expect(g).toMatchObject({ wallSeconds: 100, ettr: 1, restarts: 0 });
  });

  it('several restarts, one dying before it got back to where the first died; recompute passes are interpolated', () => {
    // A1: 0..100, t = 0..100. A2: resumed at 50, died at 70 (t 200..220): all of it recomputing, 20 steps, 20 s;
    // 100 s down. A3: resumed at 60 (t 300), points at 60/90/120/150 every 30 s: it passes step 100 at
    // t = 330 + (10/30)·30 = 340 (40 s, 40 steps); 80 s down. Wall 390, lost 100 + 80 + 20 + 40 = 240.
    const points = [
      ...stretch(0, 100, 10, 0),
      ...stretch(50, 70, 10, 200),
      { step: 60, wall: 300 },
      { step: 90, wall: 330 },
      { step: 120, wall: 360 },
      { step: 150, wall: 390 },
    ];
    const g = goodput(points, [50, 100, 150]);
    expect(g.attempts.map((a) => [a.startStep, a.endStep, a.startTime, a.endTime])).toEqual([
      [0, 100, 0, 100],
      [50, 70, 200, 220],
      [60, 150, 300, 390],
    ]);
    expect(g).toMatchObject({ restarts: 2, recomputedSteps: 60, wallSeconds: 390, downSeconds: 180, lostSeconds: 240, productiveSeconds: 150 });
    expect(g.ettr).toBeCloseTo(150 / 390, 12);
    // 50→100 only A1 spans (50 s); 100→150 only A3 (interpolated 340 → 390: 50 s).
    expect(g.checkpointIntervalSeconds).toBeCloseTo(50, 9);
  });

  it('clock skew never gives negative times: walls are read on a monotone clock', () => {
    // A1's third point and A2's first were stamped by clocks running behind. Monotone: A1 100..140, A2 starts at 140
    // (no down time), passes step 40 halfway between 30 (150) and 50 (160): 15 s recomputing.
    const points = [
      { step: 0, wall: 100 },
      { step: 10, wall: 110 },
      { step: 20, wall: 105 },
      { step: 30, wall: 130 },
      { step: 40, wall: 140 },
      { step: 20, wall: 120 },
      { step: 30, wall: 150 },
      { step: 50, wall: 160 },
    ];
    const g = goodput(points);
    expect(g.attempts).toEqual([
      { startStep: 0, endStep: 40, startTime: 100, endTime: 140 },
      { startStep: 20, endStep: 50, startTime: 140, endTime: 160 },
    ]);
    expect(g).toMatchObject({ wallSeconds: 60, downSeconds: 0, lostSeconds: 15, productiveSeconds: 45, recomputedSteps: 20 });
    // A clock that only runs backwards: zero wall time, nothing negative, no ETTR to report.
    const back = goodput([
      { step: 0, wall: 300 },
      { step: 10, wall: 200 },
      { step: 5, wall: 100 },
    ]);
    expect(back).toMatchObject({ wallSeconds: 0, downSeconds: 0, lostSeconds: 0, productiveSeconds: 0, ettr: null, restarts: 1, recomputedSteps: 0 });
  });

  it('empty input, a single point, one checkpoint: nothing to measure', () => {
    expect(goodput([], [100])).toEqual({
      attempts: [],
      restarts: 0,
      wallSeconds: null,
      productiveSeconds: null,
      ettr: null,
      recomputedSteps: 0,
      lostSeconds: null,
      downSeconds: null,
      checkpointIntervalSteps: null,
      checkpointIntervalSeconds: null,
    });
    expect(goodput([{ step: 5, wall: 50 }])).toMatchObject({ attempts: [{ startStep: 5, endStep: 5, startTime: 50, endTime: 50 }], restarts: 0, wallSeconds: null, ettr: null });
  });
});

describe('computeGoodput on the demo run resumed-pretrain (TensorBoard, two event files)', () => {
  it('finds the restart and recomputed steps the loss series shows, and the time between the files', async () => {
    const dir = path.join(repoRoot, 'demo', 'resumed-pretrain');
    const names = readdirSync(dir).sort();
    const files = Object.fromEntries(names.map((n) => [`resumed-pretrain/${n}`, new Uint8Array(readFileSync(path.join(dir, n)))]));
    const records = await collect(tensorboardImporter, memorySource(files, 'resumed-pretrain'));
    const points: Pt[] = [];
    for (const r of records.filter((x): x is ScalarBatchRecord => x.kind === 'scalars' && x.metric === 'train/loss')) {
      r.steps.forEach((step, i) => points.push({ step, wall: r.wallTimesSec?.[i] ?? null }));
    }

    // Independently of computeGoodput: where the step goes back, and how far.
    const backs = points.flatMap((p, i) => (i > 0 && p.step < (points[i - 1] as Pt).step ? [i] : []));
    expect(backs).toHaveLength(1);
    const at = backs[0] as number;
    const before = points.slice(0, at);
    const after = points.slice(at);
    const wallOf = (p: Pt | undefined) => p?.wall ?? Number.NaN;

    const g = computeGoodput({ points, checkpointSteps: [] });
    expect(g.restarts).toBe(1);
    expect(g.attempts).toEqual([
      { startStep: before[0]?.step, endStep: before.at(-1)?.step, startTime: wallOf(before[0]), endTime: wallOf(before.at(-1)) },
      { startStep: after[0]?.step, endStep: after.at(-1)?.step, startTime: wallOf(after[0]), endTime: wallOf(after.at(-1)) },
    ]);
    expect(g.recomputedSteps).toBe((before.at(-1)?.step ?? 0) - (after[0]?.step ?? 0));
    expect(g.downSeconds).toBeCloseTo(wallOf(after[0]) - wallOf(before.at(-1)), 6);
    // The resumed attempt logs the crashed attempt's last step itself: the recompute ends there.
    const redone = after.find((p) => p.step >= (before.at(-1)?.step ?? 0));
    expect(g.lostSeconds).toBeCloseTo(wallOf(redone) - wallOf(before.at(-1)), 6);
    expect(g.wallSeconds).toBeCloseTo(wallOf(points.at(-1)) - wallOf(points[0]), 6);
    expect(g.ettr).toBeGreaterThan(0);
    expect(g.ettr).toBeLessThan(1);
  });
});
