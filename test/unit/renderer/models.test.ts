import { describe, expect, it } from 'vitest';
import type { MetricSummary, RunSummary } from '../../../shared/domain/run';
import { assignRunColors, PALETTE } from '../../../renderer/charts/palette';
import { formatDuration, formatValue } from '../../../renderer/components/format';
import { defaultMetrics, groupMetrics, unionMetrics } from '../../../renderer/features/curves/metric-model';
import { pathFromDrop } from '../../../renderer/features/library/drop-path';
import { visibleRuns } from '../../../renderer/features/library/runs-table-model';

const run = (id: string, name: string, lastStep: number | null, loss: number | null): RunSummary => ({
  id, sourceId: 's', path: name, name, format: 'tensorboard', importerVersion: 1, status: 'unknown', lastStep,
  lastLoss: loss === null ? null : { metric: 'loss', step: 1, value: loss }, wallStartSec: null, wallEndSec: null,
  metricCount: 1, pointCount: 1, warningCount: 0, checkpoints: [], bestModelCheckpoint: null, configCount: 0,
});

describe('runs table model', () => {
  const runs = [run('1', 'sft/a', 100, 0.5), run('2', 'dpo/b', null, 0.2), run('3', 'sft/c', 50, null)];
  it('sorts with missing values last in both directions', () => {
    expect(visibleRuns(runs, '', { key: 'lastStep', dir: 1 }).map((r) => r.id)).toEqual(['3', '1', '2']);
    expect(visibleRuns(runs, '', { key: 'lastStep', dir: -1 }).map((r) => r.id)).toEqual(['1', '3', '2']);
    expect(visibleRuns(runs, '', { key: 'lastLoss', dir: 1 }).map((r) => r.id)).toEqual(['2', '1', '3']);
  });
  it('filters by substring or /regex/, and a broken regex matches nothing', () => {
    expect(visibleRuns(runs, 'SFT', { key: 'name', dir: 1 }).map((r) => r.id)).toEqual(['1', '3']);
    expect(visibleRuns(runs, '/^dpo/', { key: 'name', dir: 1 }).map((r) => r.id)).toEqual(['2']);
    expect(visibleRuns(runs, '/([/', { key: 'name', dir: 1 })).toEqual([]);
  });
});

describe('metric model', () => {
  const m = (runId: string, name: string, first: number, last: number): MetricSummary => ({ runId, name, points: 10, firstStep: first, lastStep: last, lastValue: 1, min: 0, max: 1, nonFiniteCount: 0 });
  it('unions metrics across runs with the full step extent', () => {
    expect(unionMetrics([m('a', 'loss', 0, 100), m('b', 'loss', 10, 300), m('b', 'eval_loss', 50, 300)])).toEqual([
      { name: 'eval_loss', runCount: 1, points: 10, extent: { min: 50, max: 300 } },
      { name: 'loss', runCount: 2, points: 20, extent: { min: 0, max: 300 } },
    ]);
  });
  it('groups by prefix, unprefixed first', () => {
    expect(groupMetrics(['train/loss', 'loss', 'rewards/margins', 'eval/loss'])).toEqual([
      { group: '', names: ['loss'] },
      { group: 'eval/', names: ['eval/loss'] },
      { group: 'rewards/', names: ['rewards/margins'] },
      { group: 'train/', names: ['train/loss'] },
    ]);
  });
  it('pre-picks the loss and its eval counterpart', () => {
    expect(defaultMetrics(['eval_loss', 'learning_rate', 'loss'])).toEqual(['loss', 'eval_loss']);
    expect(defaultMetrics(['train_loss', 'val_loss', 'epoch'])).toEqual(['train_loss', 'val_loss']);
    expect(defaultMetrics(['accuracy'])).toEqual(['accuracy']);
    expect(defaultMetrics([])).toEqual([]);
  });
});

describe('drop paths', () => {
  it.each([
    ['file:///home/me/my%20runs\n', '', '/home/me/my runs'],
    ['', '/data/runs', '/data/runs'],
    ['# comment\nfile:///C:/runs', '', 'C:/runs'],
    ['', 'just text', null],
    ['https://example.com/x', '', null],
  ])('%j %j → %s', (uri, plain, want) => {
    expect(pathFromDrop(uri, plain)).toBe(want);
  });
});

describe('formatting and colours', () => {
  it('formats values and durations', () => {
    expect([formatValue(0.000012345), formatValue(1234.5678), formatValue(Number.NaN), formatValue(null), formatValue(-Infinity)]).toEqual(['1.234e-5', '1235', 'NaN', '–', '-Inf']);
    expect([formatDuration(41), formatDuration(125 * 60), formatDuration(3 * 86400 + 4 * 3600), formatDuration(null)]).toEqual(['41 s', '2 h 05 min', '3 d 4 h', '–']);
  });
  it('gives the first runs distinct colours, stable for the same library', () => {
    const ids = Array.from({ length: PALETTE.length }, (_, i) => `run-${i}`);
    const c = assignRunColors(ids);
    expect(new Set(c.values()).size).toBe(PALETTE.length);
    expect(assignRunColors(ids).get('run-3')).toBe(c.get('run-3'));
  });
});
