import { describe, expect, it } from 'vitest';
import type { RunConfigEntry } from '../../../shared/domain/run-config';
import { columnValue, compareCells, configColumn, configKeys, indexConfigs, indexMetrics, metricColumn, parseColumnId, toggleColumn } from '../../../renderer/features/library/run-columns';
import { runMatcher, visibleRuns } from '../../../renderer/features/library/runs-table-model';
import { metric, run } from './fixtures';

const cfg = (runId: string, key: string, value: RunConfigEntry['value'], origin = 'hparams'): RunConfigEntry => ({ runId, origin, key, value });

describe('runs-table extra columns', () => {
  const runs = [run('a'), run('b'), run('c'), run('d')];
  const configs = indexConfigs([
    cfg('a', 'lr', 0.01),
    cfg('b', 'lr', 0.001),
    cfg('c', 'lr', 0.1),
    cfg('a', 'opt', 'adam-10'),
    cfg('b', 'opt', 'adam-2'),
    cfg('c', 'opt', 'sgd'),
    cfg('d', 'opt', 'adam-2'),
    cfg('a', 'opt', 'IGNORED', 'yaml'),
    cfg('a', 'warmup', true),
  ]);
  const metrics = indexMetrics([metric('a', 'loss', { lastValue: 0.3, min: 0.1, max: 2 }), metric('b', 'loss', { lastValue: 0.2, min: 0.2, max: 3 }), metric('d', 'loss', { lastValue: null, min: null, max: 5 })]);
  const data = { configs, metrics };
  const lr = configColumn('lr');
  const opt = configColumn('opt');
  const ids = (rs: readonly { id: string }[]) => rs.map((r) => r.id);

  it('round-trips column ids (metric names may hold colons) and toggles columns in order', () => {
    expect(parseColumnId('config:a.b:c')).toEqual(configColumn('a.b:c'));
    expect(parseColumnId('metric:min:eval/loss:top1')).toEqual(metricColumn('min', 'eval/loss:top1'));
    expect(parseColumnId('lastStep')).toBeNull();
    expect(parseColumnId('metric:median:x')).toBeNull();
    const cols = toggleColumn(toggleColumn([], lr), opt);
    expect(cols.map((c) => c.id)).toEqual(['config:lr', 'config:opt']);
    expect(toggleColumn(cols, lr).map((c) => c.id)).toEqual(['config:opt']);
  });

  it('reads config values (first origin wins, booleans as text) and metric stats', () => {
    expect(columnValue('a', opt, data)).toBe('adam-10');
    expect(columnValue('a', configColumn('warmup'), data)).toBe('true');
    expect(columnValue('d', lr, data)).toBeNull();
    expect(columnValue('a', metricColumn('min', 'loss'), data)).toBe(0.1);
    expect(columnValue('b', metricColumn('max', 'loss'), data)).toBe(3);
    expect(columnValue('d', metricColumn('last', 'loss'), data)).toBeNull();
    expect(configKeys(configs)).toEqual([
      { key: 'lr', runCount: 3 },
      { key: 'opt', runCount: 4 },
      { key: 'warmup', runCount: 1 },
    ]);
  });

  it('sorts numbers numerically, text naturally, missing last in both directions', () => {
    const extra = { columns: [lr, opt], data };
    expect(ids(visibleRuns(runs, '', { key: 'config:lr', dir: 1 }, extra))).toEqual(['b', 'a', 'c', 'd']);
    expect(ids(visibleRuns(runs, '', { key: 'config:lr', dir: -1 }, extra))).toEqual(['c', 'a', 'b', 'd']);
    // adam-2 < adam-10 (natural), ties keep the host's order.
    expect(ids(visibleRuns(runs, '', { key: 'config:opt', dir: 1 }, extra))).toEqual(['b', 'd', 'a', 'c']);
    expect(ids(visibleRuns(runs, '', { key: 'metric:last:loss', dir: 1 }, extra))).toEqual(['b', 'a', 'c', 'd']);
    expect(ids(visibleRuns(runs, '', { key: 'metric:max:loss', dir: -1 }, extra))).toEqual(['d', 'b', 'a', 'c']);
    expect(compareCells(2, 'a')).toBeLessThan(0);
    expect(compareCells('x10', 'x9')).toBeGreaterThan(0);
  });

  it('filters on shown column values too, by words or /regex/, but not on hidden ones', () => {
    const extra = { columns: [opt], data };
    expect(ids(visibleRuns(runs, 'sgd', { key: 'name', dir: 1 }, extra))).toEqual(['c']);
    expect(ids(visibleRuns(runs, '/^adam-2$/', { key: 'name', dir: 1 }, extra))).toEqual(['b', 'd']);
    expect(ids(visibleRuns(runs, 'sgd', { key: 'name', dir: 1 }))).toEqual([]);
    expect(runMatcher('a', extra)(run('zzz'))).toBe(false);
    expect(runMatcher('c', extra)(run('c'))).toBe(true);
  });
});
