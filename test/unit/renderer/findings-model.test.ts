import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/analysis/findings/types';
import { evidenceEntries, findingRows } from '../../../renderer/features/curves/findings-model';

const f = (over: Partial<Finding>): Finding => ({
  kind: 'spike', metric: 'loss', metrics: ['loss'], severity: 'warning', step: 1, stepStart: 1, stepEnd: 1, title: 't', explanation: 'e', evidence: {}, thresholds: {}, source: 's', ...over,
});

describe('findings panel model', () => {
  it('orders rows by run pick order, then severity, then step, and names each run', () => {
    const rows = findingRows(
      [
        { runId: 'a', findings: [f({ step: 5 }), f({ step: 9, severity: 'critical' }), f({ step: 2, severity: 'info' })] },
        { runId: 'b', findings: [f({ step: 1 })] },
      ],
      [{ id: 'b', name: 'run B' }, { id: 'a', name: 'run A' }],
    );
    expect(rows.map((r) => [r.runName, r.finding.step])).toEqual([['run B', 1], ['run A', 9], ['run A', 5], ['run A', 2]]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it('lists evidence then thresholds, with missing numbers as a dash', () => {
    expect(evidenceEntries(f({ evidence: { bestStep: 600, earlyStopStep: null }, thresholds: { glAlpha: 5 } }))).toEqual([
      { label: 'bestStep', value: '600' },
      { label: 'earlyStopStep', value: '—' },
      { label: 'threshold: glAlpha', value: '5' },
    ]);
  });
});
