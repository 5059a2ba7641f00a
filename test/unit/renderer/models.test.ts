import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignRunColors, PALETTE, preferredSlot } from '../../../renderer/charts/palette';
import { escapeHtml, safeColor } from '../../../renderer/charts/escape';
import { formatBytes, formatDate, formatDateTime, formatDuration, formatStep, formatStepShort, formatValue } from '../../../renderer/components/format';
import { chartsToDraw } from '../../../renderer/features/curves/CurvesView';
import { defaultMetrics, filterMetrics, groupMetrics, metricHint, searchMetrics, unionMetrics } from '../../../renderer/features/curves/metric-model';
import { Debouncer, queryWindow, zoomWindowFromEvent } from '../../../renderer/features/curves/zoom';
import { fileUriToPath, pathFromDrop } from '../../../renderer/features/library/drop-path';
import { absoluteRunPath, runFilterError, runMatcher, spanOf, visibleRuns } from '../../../renderer/features/library/runs-table-model';
import { groupWarnings, offsetText } from '../../../renderer/features/library/warnings-model';
import { ManualScheduler, metric, run, source, warning } from './fixtures';

describe('runs table model', () => {
  const runs = [
    run('1', { name: 'sft/a', lastStep: 100, lastLoss: { metric: 'loss', step: 1, value: 0.5 } }),
    run('2', { name: 'dpo/b', lastStep: null, lastLoss: { metric: 'loss', step: 1, value: 0.2 } }),
    run('3', { name: 'sft/c', lastStep: 50, lastLoss: null }),
    run('4', { name: 'nan-run', lastStep: 50, lastLoss: { metric: 'loss', step: 1, value: Number.NaN } }),
  ];
  const ids = (rs: { id: string }[]) => rs.map((r) => r.id);

  it('sorts with missing values last in both directions, ties in the host’s order', () => {
    expect(ids(visibleRuns(runs, '', { key: 'lastStep', dir: 1 }))).toEqual(['3', '4', '1', '2']);
    expect(ids(visibleRuns(runs, '', { key: 'lastStep', dir: -1 }))).toEqual(['1', '3', '4', '2']);
    expect(ids(visibleRuns(runs, '', { key: 'lastLoss', dir: 1 }))).toEqual(['2', '1', '3', '4']);
    expect(ids(visibleRuns(runs, '', { key: 'name', dir: -1 }))).toEqual(['3', '1', '4', '2']);
  });

  it('sorts names naturally (lr-2 before lr-10)', () => {
    const sweep = ['lr-10', 'lr-2', 'LR-1'].map((n) => run(n, { name: n }));
    expect(ids(visibleRuns(sweep, '', { key: 'name', dir: 1 }))).toEqual(['LR-1', 'lr-2', 'lr-10']);
    expect(unionMetrics([metric('a', 'layer_10/grad'), metric('a', 'layer_2/grad')]).map((m) => m.name)).toEqual(['layer_2/grad', 'layer_10/grad']);
  });

  it('filters by words (all must match, name or path) or by /regex/; a broken regex matches nothing', () => {
    expect(ids(visibleRuns(runs, 'SFT', { key: 'name', dir: 1 }))).toEqual(['1', '3']);
    expect(ids(visibleRuns(runs, 'sft c', { key: 'name', dir: 1 }))).toEqual(['3']);
    expect(ids(visibleRuns(runs, '/^dpo/', { key: 'name', dir: 1 }))).toEqual(['2']);
    expect(visibleRuns(runs, '/([/', { key: 'name', dir: 1 })).toEqual([]);
    expect(runFilterError('/([/')).toMatch(/^Invalid regex/);
    expect(visibleRuns(runs, '/(s+)+/', { key: 'name', dir: 1 })).toEqual([]);
    expect(runFilterError('/(s+)+/')).toMatch(/^Regex refused/);
    expect(runFilterError('/^dpo/')).toBeNull();
    expect(runFilterError('sft')).toBeNull();
    expect(runMatcher('  ')(run('x'))).toBe(true);
    expect(runMatcher('deep/path')(run('x', { name: 'short', path: 'a/deep/path' }))).toBe(true);
  });

  it('computes the wall-clock span only from a sane pair of times', () => {
    expect(spanOf(run('x', { wallStartSec: 10, wallEndSec: 70 }))).toBe(60);
    expect(spanOf(run('x', { wallStartSec: 10, wallEndSec: null }))).toBeNull();
    expect(spanOf(run('x', { wallStartSec: 70, wallEndSec: 10 }))).toBeNull();
  });

  it('shows the run’s folder on disk in the name tooltip', () => {
    expect(absoluteRunPath(run('x', { path: 'a/b' }), source('s', { path: '/data/runs/' }))).toBe('/data/runs/a/b');
    expect(absoluteRunPath(run('x', { path: '' }), source('s', { path: '/data/one-run' }))).toBe('/data/one-run');
    expect(absoluteRunPath(run('x', { path: 'a/b' }), source('s', { path: 'C:\\runs' }))).toBe('C:\\runs\\a\\b');
    expect(absoluteRunPath(run('x', { path: 'a/b' }), undefined)).toBe('a/b');
  });
});

describe('metric model', () => {
  it('unions metrics across runs with the runs that log them and the full step extent', () => {
    expect(unionMetrics([metric('a', 'loss', { firstStep: 0, lastStep: 100 }), metric('b', 'loss', { firstStep: 10, lastStep: 300, nonFiniteCount: 2 }), metric('b', 'eval_loss', { firstStep: 50, lastStep: 300, points: 4 })])).toEqual([
      { name: 'eval_loss', runIds: ['b'], points: 4, nonFiniteCount: 0, extent: { min: 50, max: 300 } },
      { name: 'loss', runIds: ['a', 'b'], points: 20, nonFiniteCount: 2, extent: { min: 0, max: 300 } },
    ]);
    expect(unionMetrics([metric('a', 'empty', { firstStep: null, lastStep: null, points: 0 })])[0]?.extent).toBeNull();
  });

  it('groups by the prefix before the first / (HF eval_x with eval/), unprefixed names by dictionary group, Other last', () => {
    expect(groupMetrics(['train/loss', 'loss', 'rewards/margins', 'eval/loss', 'rewards/chosen/x', 'eval_loss', 'learning_rate', 'grad_norm', 'mystery', 'TFLOPs'])).toEqual([
      { key: 'dict:loss', label: 'Loss', names: ['loss'] },
      { key: 'dict:optimizer', label: 'Optimizer', names: ['learning_rate', 'grad_norm'] },
      { key: 'path:eval', label: 'eval', names: ['eval/loss', 'eval_loss'] },
      { key: 'path:rewards', label: 'rewards/', names: ['rewards/margins', 'rewards/chosen/x'] },
      { key: 'path:train', label: 'train', names: ['train/loss'] },
      { key: 'other', label: 'Other', names: ['mystery', 'TFLOPs'] },
    ]);
    // HF's eval_ prefix wins over a TRL path: `eval_rewards/f/mean` is an eval metric.
    expect(groupMetrics(['eval_rewards/f/mean', 'rewards/f/mean']).map((g) => g.key)).toEqual(['path:eval', 'path:rewards']);
    expect(groupMetrics([])).toEqual([]);
  });

  it('shows the dictionary’s display name and direction only when they add something', () => {
    expect(metricHint('grad_norm')).toMatchObject({ display: 'Gradient norm', direction: null });
    expect(metricHint('eval_loss')).toMatchObject({ display: null, direction: 'lower' });
    expect(metricHint('rewards/accuracies')).toMatchObject({ display: 'Reward accuracy', direction: 'higher' });
    expect(metricHint('mystery')).toEqual({ display: null, direction: null, description: null, unit: null });
  });

  it('searches case-insensitively by words (raw or display name) or by /regex/ on the raw name', () => {
    const names = ['train/loss', 'eval/loss', 'eval/accuracy', 'learning_rate', 'grad_norm'];
    expect(searchMetrics(names, 'EVAL loss')).toEqual(['eval/loss']);
    expect(searchMetrics(names, '')).toEqual(names);
    expect(searchMetrics(names, 'zzz')).toEqual([]);
    expect(searchMetrics(names, 'gradient')).toEqual(['grad_norm']);
    expect(searchMetrics(names, '/^eval\\//')).toEqual(['eval/loss', 'eval/accuracy']);
    expect(searchMetrics(names, '/loss$|^learning/')).toEqual(['train/loss', 'eval/loss', 'learning_rate']);
    expect(filterMetrics(names, '/(eval/')).toMatchObject({ names: [], error: expect.stringMatching(/^Invalid regex/) });
    expect(filterMetrics(names, '/(a+)+/').error).toMatch(/^Regex refused/);
    expect(filterMetrics(names, '/eval/').error).toBeNull();
  });

  it('pre-picks each run’s loss-like metric and any eval/val loss', () => {
    const rows = (runId: string, names: string[]) => names.map((n) => metric(runId, n));
    expect(defaultMetrics([...rows('hf', ['eval_loss', 'learning_rate', 'loss']), ...rows('tb', ['train/loss', 'eval/loss'])])).toEqual(['loss', 'train/loss', 'eval_loss', 'eval/loss']);
    expect(defaultMetrics(rows('x', ['train_loss', 'val_loss', 'epoch']))).toEqual(['train_loss', 'val_loss']);
    expect(defaultMetrics(rows('x', ['accuracy']))).toEqual([]);
    expect(defaultMetrics([])).toEqual([]);
  });

  it('draws the picked metrics the runs have, in the order picked', () => {
    const ms = unionMetrics([metric('a', 'loss'), metric('a', 'eval_loss')]);
    expect(chartsToDraw(ms, ['eval_loss', 'missing', 'loss']).map((m) => m.name)).toEqual(['eval_loss', 'loss']);
  });

  it('draws pinned charts first, in pin order, even when not picked; never twice', () => {
    const ms = unionMetrics([metric('a', 'loss'), metric('a', 'eval_loss'), metric('a', 'grad_norm')]);
    expect(chartsToDraw(ms, ['loss', 'eval_loss'], ['grad_norm', 'eval_loss', 'gone']).map((m) => m.name)).toEqual(['grad_norm', 'eval_loss', 'loss']);
    expect(chartsToDraw(ms, [], ['loss']).map((m) => m.name)).toEqual(['loss']);
  });
});

describe('zoom', () => {
  const axis = { min: 0, max: 1000 };

  it('reads the visible window from slider, wheel (batched) and action events', () => {
    expect(zoomWindowFromEvent({ type: 'datazoom', start: 10, end: 20 }, axis)).toEqual({ min: 100, max: 200 });
    expect(zoomWindowFromEvent({ type: 'datazoom', batch: [{ start: 50, end: 75 }] }, axis)).toEqual({ min: 500, max: 750 });
    expect(zoomWindowFromEvent({ startValue: 300, endValue: 100 }, axis)).toEqual({ min: 100, max: 300 });
  });

  it('recognises a zoom back out to everything, and ignores events it cannot read', () => {
    expect(zoomWindowFromEvent({ start: 0, end: 100 }, axis)).toBe('all');
    expect(zoomWindowFromEvent({ startValue: -5, endValue: 2000 }, axis)).toBe('all');
    expect(zoomWindowFromEvent({ start: 10, end: 20 }, null)).toBeNull();
    expect(zoomWindowFromEvent({ start: 'x' }, axis)).toBeNull();
    expect(zoomWindowFromEvent(null, axis)).toBeNull();
  });

  it('asks for the window plus two buckets each side', () => {
    expect(queryWindow({ min: 100, max: 200 }, 50)).toEqual({ stepMin: 96, stepMax: 204 });
  });

  it('debounces: only the last call runs, once the events stop', () => {
    const sched = new ManualScheduler();
    const d = new Debouncer(250, sched.schedule, sched.unschedule);
    const got: number[] = [];
    d.push(() => got.push(1));
    d.push(() => got.push(2));
    d.push(() => got.push(3));
    expect(sched.pending.map((p) => p.ms)).toEqual([250]);
    sched.runAll();
    expect(got).toEqual([3]);
    d.push(() => got.push(4));
    d.cancel();
    expect(sched.runAll()).toEqual([]);
    expect(got).toEqual([3]);
  });
});

describe('drop paths', () => {
  it.each([
    ['file:///home/me/my%20runs\n', '', '/home/me/my runs'],
    ['', '/data/runs', '/data/runs'],
    ['# comment\r\nfile:///C:/runs', '', 'C:/runs'],
    ['', 'C:\\Users\\me\\runs', 'C:\\Users\\me\\runs'],
    ['file://server/share/runs', '', '//server/share/runs'],
    ['', 'just text', null],
    ['https://example.com/x', '', null],
    ['', '', null],
  ])('%j %j → %s', (uri, plain, want) => {
    expect(pathFromDrop(uri, plain)).toBe(want);
  });

  it('rejects URIs it cannot decode', () => {
    expect(fileUriToPath('file:///bad%E0%A4%A')).toBeNull();
    expect(fileUriToPath('http://x/y')).toBeNull();
  });
});

describe('warnings model', () => {
  it('groups by run in the runs’ order, folder notes first', () => {
    const runs = [run('r1', { name: 'first' }), run('r2', { name: 'second' })];
    const groups = groupWarnings([warning('r2', 'bad crc'), warning(null, 'two formats'), warning('r1', 'truncated'), warning('r2', 'bad length'), warning('gone', 'x')], runs);
    expect(groups.map((g) => [g.title, g.warnings.map((w) => w.message)])).toEqual([
      ['Folder notes', ['two formats']],
      ['first', ['truncated']],
      ['second', ['bad crc', 'bad length']],
      ['gone', ['x']],
    ]);
    expect(offsetText(123456)).toBe('byte 123,456');
    expect(offsetText(null)).toBe('');
  });
});

describe('formatting', () => {
  let tz: string | undefined;
  beforeAll(() => {
    tz = process.env.TZ;
    process.env.TZ = 'UTC';
  });
  afterAll(() => {
    process.env.TZ = tz;
  });

  it('formats values compactly and spells out non-finite ones', () => {
    expect([formatValue(0.000012345), formatValue(1234.5678), formatValue(0.1), formatValue(Number.NaN), formatValue(null), formatValue(-Infinity), formatValue(Infinity), formatValue(0)]).toEqual(['1.234e-5', '1235', '0.1', 'NaN', '–', '-Inf', '+Inf', '0']);
  });

  it('humanises durations', () => {
    expect([formatDuration(41), formatDuration(12 * 60 + 5), formatDuration(125 * 60), formatDuration(3 * 86400 + 4 * 3600), formatDuration(null), formatDuration(-1)]).toEqual(['41 s', '12 min', '2 h 05 min', '3 d 4 h', '–', '–']);
  });

  it('formats dates, steps and sizes', () => {
    expect(formatDate(1_700_000_000)).toBe('2023-11-14');
    expect(formatDateTime(1_700_000_000)).toBe('2023-11-14 22:13');
    expect(formatDate(null)).toBe('');
    expect([formatStep(12000), formatStep(null)]).toEqual(['12,000', '–']);
    expect([formatStepShort(950), formatStepShort(6124.53), formatStepShort(12_000), formatStepShort(1_500_000), formatStepShort(0.25)]).toEqual(['950', '6125', '12k', '1.5M', '0.25']);
    expect([formatBytes(512), formatBytes(2048), formatBytes(5 * 1024 ** 2)]).toEqual(['512 B', '2 KB', '5.0 MB']);
  });

  it('escapes HTML and only lets real colours into style attributes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(safeColor('#0072B2')).toBe('#0072B2');
    expect(safeColor('red;background:url(x)')).toBe('#888888');
  });
});

describe('run colours', () => {
  const ids = Array.from({ length: 40 }, (_, i) => `source/run-${i}`);

  it('gives a run the colour its id hashes to when nothing else holds it', () => {
    for (const id of ids.slice(0, 5)) expect(assignRunColors([id]).get(id)).toBe(PALETTE[preferredSlot(id)]);
  });

  it('is deterministic, and adding runs never recolours the runs already shown', () => {
    const first = assignRunColors(ids.slice(0, 5));
    expect(assignRunColors(ids.slice(0, 5))).toEqual(first);
    const more = assignRunColors(ids.slice(0, 9));
    for (const id of ids.slice(0, 5)) expect(more.get(id)).toBe(first.get(id));
  });

  it('never repeats a colour within the palette size, and avoids look-alike pairs up to half of it', () => {
    for (let start = 0; start + PALETTE.length <= ids.length; start += 3) {
      const shown = ids.slice(start, start + PALETTE.length);
      expect(new Set(assignRunColors(shown).values()).size).toBe(PALETTE.length);
      const half = assignRunColors(shown.slice(0, PALETTE.length / 2));
      const families = [...half.values()].map((c) => PALETTE.indexOf(c as (typeof PALETTE)[number]) % (PALETTE.length / 2));
      expect(new Set(families).size).toBe(PALETTE.length / 2);
    }
  });
});
