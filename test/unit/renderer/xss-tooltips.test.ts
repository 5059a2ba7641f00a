import { describe, expect, it } from 'vitest';
import { groupTooltipHtml } from '../../../renderer/charts/options/aggregate-lines';
import type { CursorReading } from '../../../renderer/charts/options/curve-tooltip';
import { tooltipHtml } from '../../../renderer/charts/options/curve-tooltip';
import { LIGHT_COLORS } from '../../../renderer/charts/options/curves';
import { markTooltip } from '../../../renderer/charts/options/finding-marks';
import { noteSeries } from '../../../renderer/charts/options/note-marks';
import { planeTooltipHtml } from '../../../renderer/charts/options/plane';
import { robustnessTooltipHtml } from '../../../renderer/charts/options/robustness';
import type { AxisScore, PlanePoint } from '../../../shared/domain/compare';
import type { SweepSeries } from '../../../shared/domain/sweep';
import { loadXssCorpus } from '../../helpers/xss-library';

/**
 * ECharts inserts tooltip formatters' strings as HTML (issue 12 §4): every one of ours that carries a run, metric,
 * task, group, method or note name gets each XSS corpus payload in each of those places. The markup the formatter
 * writes itself is a short, known set of tags; once those are taken out, what is left must be text only (no `<`,
 * `>` or `"`), and decoding its entities must give back the payload exactly, so it shows as written.
 */

const corpus = loadXssCorpus();

/** The tags the formatters write themselves; attribute values hold no raw `"`, `<` or `>` when escaping works. */
const OWN_TAGS = /<(?:div|span|b|br)(?:\s+(?:style|data-group)="[^"<>]*")*\s*\/?>|<\/(?:div|span|b)>/g;

function textOf(html: string): string {
  return html.replace(OWN_TAGS, '');
}

function decode(text: string): string {
  return text.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] ?? '');
}

/** Fails unless `html` is the formatter's own tags around text that shows `payload` literally. */
function expectInert(html: string, payload: string, where: string): void {
  const text = textOf(html);
  expect(text.match(/[<>"]/g) ?? [], `${where}: markup left after the formatter's own tags`).toEqual([]);
  expect(decode(text), `${where}: the payload as text`).toContain(payload.replace(/\n/g, ''));
}

const axis = (score: number): AxisScore => ({ score, low: score - 1, high: score + 1, tasks: [], skipped: [] });

function sweep(method: string, direction: string): SweepSeries {
  return {
    runId: 'r1',
    method,
    direction,
    isControl: false,
    points: [
      { alpha: 0, value: 0.7, stderr: 0.01, drop: 0, dropLow: 0 },
      { alpha: 0.5, value: 0.6, stderr: 0.01, drop: 0.1, dropLow: 0.08 },
    ],
    referenceAlpha: 0,
    referenceValue: 0.7,
    dropAuc: null,
    worstDrop: 0.1,
    worstAlpha: 0.5,
    breakAlpha: null,
    breakBasis: 'lower-bound',
    slopeNearZero: null,
    specificity: null,
  };
}

describe('chart tooltips over the XSS corpus', () => {
  for (const p of corpus.payloads) {
    it(`${p.id}: every tooltip shows it as text`, () => {
      const reading: CursorReading = { runId: 'r1', name: p.text, color: p.text, step: 10, x: 10, value: 0.5, nonFinite: null, range: { min: 0.4, max: 0.6 }, smoothed: 0.45 };
      expectInert(tooltipHtml(p.text, 10, [reading]), p.text, 'curve tooltip');

      expectInert(groupTooltipHtml([{ name: p.text, color: p.text, step: 10, mean: 0.5, lo: 0.4, hi: 0.6, n: 3 }], 'ci95'), p.text, 'group tooltip');

      const point: PlanePoint = { runId: 'r1', reasoning: axis(1), safety: axis(-1), quadrant: 'q', quadrantLabel: p.text };
      expectInert(planeTooltipHtml(p.text, p.text, point), p.text, 'plane tooltip');

      const robust = robustnessTooltipHtml(
        {
          metric: { task: p.text, metric: p.text, filter: p.text, category: null, higherIsBetter: true, series: [sweep(p.text, p.text)] },
          runs: new Map([['r1', { name: p.text, color: p.text }]]),
          show: 'value',
          breakThreshold: 0.05,
          colors: LIGHT_COLORS,
        },
        0.5,
      );
      expectInert(robust, p.text, 'robustness tooltip');

      expectInert(markTooltip({ name: p.text }), p.text, 'finding mark tooltip');

      const notes = noteSeries(
        [
          { id: 'n1', step: 10, stepEnd: null, text: p.text, runId: 'r1' },
          { id: 'n2', step: 20, stepEnd: 30, text: p.text, runId: 'r1' },
        ],
        LIGHT_COLORS,
        () => p.text,
      );
      const line = notes?.markLine?.tooltip?.formatter;
      const area = notes?.markArea?.tooltip?.formatter;
      if (typeof line !== 'function' || typeof area !== 'function') throw new Error('note marks have tooltip formatters');
      // The note tooltip turns line breaks into <br/>; the payloads have none, so the text is whole.
      expectInert(String((line as (p: unknown) => unknown)({ dataIndex: 0 })), p.text, 'note line tooltip');
      expectInert(String((area as (p: unknown) => unknown)({ dataIndex: 0 })), p.text, 'note area tooltip');
    });
  }

  it('a colour from the data never reaches a style attribute', () => {
    const html = tooltipHtml('m', 1, [{ runId: 'r', name: 'r', color: 'red;background:url(javascript:alert(1))', step: 1, x: 1, value: 1, nonFinite: null, range: null, smoothed: null }]);
    expect(html).not.toContain('javascript');
    expect(html).toContain('background:#888888');
  });
});
