import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/analysis/findings/types';
import { FINDING_COLORS, findingMarks, findingsForMetric, markTooltip } from '../../../renderer/charts/options/finding-marks';

function finding(over: Partial<Finding>): Finding {
  return {
    kind: 'spike',
    metric: 'loss',
    metrics: ['loss'],
    severity: 'warning',
    step: 10,
    stepStart: 8,
    stepEnd: 12,
    title: 'loss spiked',
    explanation: '',
    evidence: {},
    thresholds: {},
    source: 'analyses.md §5.3 H',
    ...over,
  };
}

describe('finding marks', () => {
  const overfit = finding({ kind: 'overfitting', metric: 'eval_loss', metrics: ['eval_loss', 'loss'], step: 600, stepStart: 600, stepEnd: 1000, title: 'Overfitting <after> 600' });
  const plateau = finding({ kind: 'plateau', step: 100, stepStart: 100, stepEnd: 400, title: 'plateau' });
  const nan = finding({ kind: 'non-finite', metric: 'grad_norm', metrics: ['grad_norm'], step: 5, stepStart: 5, stepEnd: 5, title: 'NaN' });

  it('draws the best checkpoint as a line and the overfitting region as an area, on the eval chart and the train chart', () => {
    for (const metric of ['eval_loss', 'loss']) {
      const m = findingMarks(metric, [overfit, nan]);
      expect(m?.markLine.data).toHaveLength(1);
      expect(m?.markLine.data?.[0]).toMatchObject({ xAxis: 600, name: 'Overfitting <after> 600', label: { formatter: 'best 600' }, lineStyle: { color: FINDING_COLORS.overfitting } });
      expect(m?.markArea.data).toEqual([[expect.objectContaining({ xAxis: 600 }), { xAxis: 1000 }]]);
    }
    expect(findingsForMetric('grad_norm', [overfit, nan])).toEqual([nan]);
  });

  it('plateaus are shaded only; a single-step finding is a line only', () => {
    const p = findingMarks('loss', [plateau]);
    expect(p?.markLine.data).toEqual([]);
    expect(p?.markArea.data).toHaveLength(1);
    const n = findingMarks('grad_norm', [nan]);
    expect(n?.markLine.data).toHaveLength(1);
    expect(n?.markArea.data).toEqual([]);
  });

  it('maps steps through toX and leaves out what cannot be drawn', () => {
    const m = findingMarks('eval_loss', [overfit], { toX: (s) => (s === 1000 ? null : s * 2) });
    expect(m?.markLine.data?.[0]).toMatchObject({ xAxis: 1200 });
    expect(m?.markArea.data).toEqual([]);
    expect(findingMarks('eval_loss', [overfit], { toX: () => null })).toBeNull();
  });

  it('has nothing for a metric without findings', () => {
    expect(findingMarks('accuracy', [overfit, plateau, nan])).toBeNull();
  });

  it('escapes the title in the HTML tooltip', () => {
    expect(markTooltip({ name: '<img src=x onerror=alert(1)>' })).toBe('<b>&lt;img src=x onerror=alert(1)&gt;</b>');
    expect(markTooltip(null)).toBe('<b></b>');
  });
});
