import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFindings } from '../../../../shared/analysis/findings';
import { earlyStopStep } from '../../../../shared/analysis/findings/early-stopping';
import { trainCounterpart } from '../../../../shared/analysis/findings/metric-names';
import { alignTrain, overfittingFinding } from '../../../../shared/analysis/findings/overfitting';
import { noise, runOf, series } from './series';

const r = noise(11);
/** Train loss falls all run long; eval loss is a parabola with its minimum at step 600 (evals every 100 steps). */
const train = series(1000, (i) => 3 * Math.exp(-i / 300) + 0.5 + 0.01 * r(), (i) => i + 1);
const evalLoss = series(10, (i) => 1.2 + 1e-6 * ((i + 1) * 100 - 600) ** 2, (i) => (i + 1) * 100);

describe('overfitting (analyses.md §6.3)', () => {
  it('pins the best checkpoint at the eval minimum and reports GL, the gap and the early-stop step', () => {
    const f = computeFindings(runOf({ loss: train, eval_loss: evalLoss })).filter((x) => x.kind === 'overfitting');
    expect(f).toHaveLength(1);
    const o = f[0];
    expect(o?.step).toBe(600);
    expect(o?.metrics).toEqual(['eval_loss', 'loss']);
    expect(o?.evidence.bestEval).toBeCloseTo(1.2, 12);
    // Last eval at step 1000: 1.2 + 1e-6·400² = 1.36, GL = 100·(1.36/1.2 − 1).
    expect(o?.evidence.generalizationLoss).toBeCloseTo(100 * (1.36 / 1.2 - 1), 9);
    // Patience 3, min_delta 0: evals 700, 800, 900 do not improve, so it stops at 900.
    expect(o?.evidence.earlyStopStep).toBe(900);
    expect(o?.evidence['earlyStop[patience=1,min_delta=0]']).toBe(700);
    expect(o?.evidence['earlyStop[patience=10,min_delta=0]']).toBeNull();
    expect(o?.evidence.gapAtLast as number).toBeGreaterThan(o?.evidence.gapAtBest as number);
    expect(o?.severity).toBe('warning');
    expect(o?.explanation).toContain('step 600');
    expect(o?.explanation).toContain('1.36');
  });

  it('is not flagged when train loss rises too (that is divergence, not overfitting)', () => {
    const rising = series(1000, (i) => 1 + i / 500, (i) => i + 1);
    expect(overfittingFinding('eval_loss', evalLoss, 'loss', rising)).toBeNull();
  });

  it('is not flagged when eval loss keeps falling or never rises past GL_5', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 40 }), (drops) => {
        let v = 10;
        const dec = drops.map((d) => (v -= d * 0.2));
        const e = series(dec.length, (i) => dec[i] as number, (i) => (i + 1) * 10);
        expect(overfittingFinding('eval_loss', e, 'loss', train)).toBeNull();
        expect(overfittingFinding('eval_loss', series(dec.length, () => 2, (i) => (i + 1) * 10), 'loss', train)).toBeNull();
      }),
    );
    const small = series(10, (i) => 1.2 + 1e-7 * ((i + 1) * 100 - 600) ** 2, (i) => (i + 1) * 100);
    expect(overfittingFinding('eval_loss', small, 'loss', train)).toBeNull();
  });

  it('replays early stopping with HF semantics', () => {
    const steps = [1, 2, 3, 4, 5, 6];
    expect(earlyStopStep(steps, [5, 4, 4, 4, 3, 3], 2, 0)).toBe(4);
    expect(earlyStopStep(steps, [5, 4, 3.9995, 3.999, 3, 3], 2, 0.001)).toBe(4);
    expect(earlyStopStep(steps, [5, 4, 3, 2, 1, 0], 1, 0)).toBeNull();
  });

  it('aligns train loss as the mean of the logs since the previous eval', () => {
    const a = alignTrain(Float64Array.from([2, 4, 6]), { steps: Float64Array.from([1, 2, 3, 4]), values: Float64Array.from([10, 20, 30, 40]) });
    expect(Array.from(a)).toEqual([15, 35, 40]);
  });

  it('pairs eval and train names the way loggers write them', () => {
    const has = (...n: string[]) => new Set(n);
    expect(trainCounterpart('eval_loss', has('loss', 'eval_loss'))).toBe('loss');
    expect(trainCounterpart('eval/loss', has('train/loss', 'loss'))).toBe('train/loss');
    expect(trainCounterpart('val_loss', has('train_loss'))).toBe('train_loss');
    expect(trainCounterpart('val/loss', has('train/loss'))).toBe('train/loss');
    expect(trainCounterpart('val_loss', has('train_loss_epoch', 'train_loss_step'))).toBe('train_loss_epoch');
    expect(trainCounterpart('valid/lm loss value', has('lm loss'))).toBe('lm loss');
    expect(trainCounterpart('eval_g0_loss', has('loss'))).toBe('loss');
    expect(trainCounterpart('eval_accuracy', has('accuracy'))).toBeNull();
    expect(trainCounterpart('loss', has('loss'))).toBeNull();
  });
});
