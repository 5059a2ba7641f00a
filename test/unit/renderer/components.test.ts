import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { unionMetrics } from '../../../renderer/features/curves/metric-model';
import { MetricPicker } from '../../../renderer/features/curves/MetricPicker';
import { ImportProgress } from '../../../renderer/features/library/ImportProgress';
import { RunsTable } from '../../../renderer/features/library/RunsTable';
import { SourcesList } from '../../../renderer/features/library/SourcesList';
import { HostErrors, WarningsPanel } from '../../../renderer/features/library/WarningsPanel';
import { done, metric, progress, run, source, warning } from './fixtures';

/** Server-rendered markup of the presentational components: test ids, attributes, and escaping of file-borne text. */

const EVIL = '<img src=x onerror=alert(1)>';
const noop = () => undefined;

function count(html: string, needle: string): number {
  return html.split(needle).length - 1;
}

describe('RunsTable', () => {
  const runs = [
    run('s/a', { name: EVIL, path: 'a/<b>', format: 'hf-trainer', warningCount: 3 }),
    run('s/b', { name: 'dpo', path: 'b', lastLoss: { metric: 'train/loss', step: 12000, value: 0.25 } }),
  ];
  const html = renderToStaticMarkup(
    createElement(RunsTable, {
      runs,
      sources: new Map([['src', source('src', { path: '/data/runs' })]]),
      selectedIds: new Set(['s/b']),
      colors: new Map([['s/b', '#0072B2']]),
      filter: '',
      sort: { key: 'name', dir: 1 },
      onToggle: noop,
      onSetSelected: noop,
      onFilter: noop,
      onSort: noop,
    }),
  );

  it('renders one row per run with its path and format for tests', () => {
    expect(count(html, 'data-testid="library.run-row"')).toBe(2);
    expect(html).toContain('data-run-path="a/&lt;b&gt;"');
    expect(html).toContain('data-run-format="hf-trainer"');
    expect(html).toContain('data-testid="library.runs-filter"');
  });

  it('renders names and paths as text only', () => {
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('title="/data/runs/a/&lt;b&gt;"');
  });

  it('shows selection, last loss with its metric, span with start date, warnings', () => {
    expect(html).toMatch(/data-selected="true"[^>]*class="selected"/);
    expect(html).toContain('title="train/loss at step 12,000"');
    expect(html).toContain('0.25');
    expect(html).toContain('1 h 00 min');
    expect(html).toContain('2023-11-1');
    expect(html).toContain('1 plotted');
  });

  it('says when the library is empty or nothing matches', () => {
    const empty = renderToStaticMarkup(createElement(RunsTable, { runs: [], sources: new Map<string, never>(), selectedIds: new Set<string>(), colors: new Map<string, string>(), filter: '', sort: { key: 'name', dir: 1 }, onToggle: noop, onSetSelected: noop, onFilter: noop, onSort: noop }));
    expect(empty).toContain('No runs yet');
    const none = renderToStaticMarkup(createElement(RunsTable, { runs, sources: new Map<string, never>(), selectedIds: new Set<string>(), colors: new Map<string, string>(), filter: 'zzz', sort: { key: 'name', dir: 1 }, onToggle: noop, onSetSelected: noop, onFilter: noop, onSort: noop }));
    expect(none).toContain('No run matches this filter');
    expect(count(none, 'library.run-row')).toBe(0);
  });

  it('draws only the rows in view of 10,000 (virtualised), with the count and select-all over all of them', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => run(`s/${i}`, { name: `run-${String(i).padStart(5, '0')}`, path: `p/${i}` }));
    const big = renderToStaticMarkup(createElement(RunsTable, { runs: many, sources: new Map<string, never>(), selectedIds: new Set(['s/9999']), colors: new Map<string, string>(), filter: '', sort: { key: 'name', dir: 1 }, onToggle: noop, onSetSelected: noop, onFilter: noop, onSort: noop }));
    const drawn = count(big, 'data-testid="library.run-row"');
    expect(drawn).toBeGreaterThan(10);
    expect(drawn).toBeLessThan(100);
    expect(big).toContain('data-run-path="p/0"');
    expect(big).not.toContain('data-run-path="p/9999"');
    // The spacer keeps the scroll height of every row.
    expect(big).toMatch(/class="spacer" style="height:\d{6}px"/);
    expect(big).toContain('10000 runs · 1 plotted');
  });
});

describe('MetricPicker', () => {
  const metrics = unionMetrics([metric('a', 'loss'), metric('a', 'train/<x>'), metric('b', 'eval/loss', { nonFiniteCount: 2 }), metric('b', 'loss')]);
  const html = renderToStaticMarkup(createElement(MetricPicker, { metrics, picked: ['loss'], isDefaultPick: true, selectedRunCount: 2, onToggle: noop, onSetPicked: noop }));

  it('lists every metric once, grouped by prefix, with the picked ones checked', () => {
    expect(count(html, 'data-testid="curves.metric-option"')).toBe(3);
    expect(html).toContain('data-metric="eval/loss"');
    expect(html).toMatch(/data-metric="loss"[^>]*><input type="checkbox" checked=""/);
    expect(html).not.toMatch(/data-metric="eval\/loss"[^>]*><input type="checkbox" checked=""/);
    expect(html).toContain('data-group="path:eval"');
    expect(html).toContain('data-group="path:train"');
    expect(html).toContain('data-group="dict:loss"');
    expect(html).toMatch(/aria-expanded="true"[^>]*>.*?eval/);
  });

  it('shows the raw name, the direction of good, and a collapsible count per group', () => {
    // The raw name is always there; `loss` needs no display name beside it, only the ↓ hint.
    expect(html).toMatch(/data-metric="loss"[\s\S]*?<span class="metric-name">loss<\/span>[\s\S]*?data-direction="lower"/);
    expect(html).toMatch(/data-metric="eval\/loss"[\s\S]*?eval\/loss[\s\S]*?data-direction="lower"/);
    expect(count(html, 'data-testid="curves.metric-group-count"')).toBe(3);
  });

  it('escapes metric names and flags metrics with NaN/Inf', () => {
    expect(html).toContain('data-metric="train/&lt;x&gt;"');
    expect(html).not.toContain('<x>');
    expect(html).toContain('2 NaN or Inf values');
  });
});

describe('WarningsPanel and HostErrors', () => {
  it('lists warnings per run with file, offset and message, as text', () => {
    const html = renderToStaticMarkup(createElement(WarningsPanel, { warnings: [warning('r', EVIL, { file: 'x/<f>.jsonl', offset: 42 }), warning(null, 'tie')], runs: [run('r', { name: 'my run' })] }));
    expect(html).toContain('data-testid="warnings.panel"');
    expect(count(html, 'data-testid="warnings.row"')).toBe(2);
    expect(html).toContain('byte 42');
    expect(html).toContain('x/&lt;f&gt;.jsonl');
    expect(html).not.toContain('<img');
    expect(html).toContain('2 import warnings in 1 run');
  });

  it('renders nothing without warnings', () => {
    expect(renderToStaticMarkup(createElement(WarningsPanel, { warnings: [], runs: [] }))).toBe('');
  });

  it('shows host errors plainly with a count for repeats, and the connection state', () => {
    const html = renderToStaticMarkup(createElement(HostErrors, { notices: [{ id: 1, kind: 'error', message: `No folder at /x${EVIL}.`, count: 3 }], connection: 'lost', onDismiss: noop }));
    expect(html).toContain('data-testid="app.error"');
    expect(html).toContain('×3');
    expect(html).toContain('Reconnecting');
    expect(html).not.toContain('<img');
    expect(renderToStaticMarkup(createElement(HostErrors, { notices: [], connection: 'open', onDismiss: noop }))).toBe('');
  });
});

describe('ImportProgress and SourcesList', () => {
  it('shows files done/total, the current file and a cancel button while importing', () => {
    const html = renderToStaticMarkup(createElement(ImportProgress, { job: { jobId: 'j', sourceId: 'src', progress: progress('j', { currentFile: 'run/<e>.tfevents' }) }, queued: 1, sourceName: 'runs', lastImport: null, onCancel: noop }));
    expect(html).toContain('data-testid="import.progress"');
    expect(html).toContain('data-testid="import.cancel"');
    expect(html).toContain('Importing 3 / 10 files');
    expect(html).toContain('<progress max="10" value="3"');
    expect(html).toContain('run/&lt;e&gt;.tfevents');
    expect(html).toContain('1 more folder waiting');
  });

  it('shows an indeterminate bar before the first progress event, and a summary after', () => {
    expect(renderToStaticMarkup(createElement(ImportProgress, { job: { jobId: 'j', sourceId: null, progress: null }, queued: 0, sourceName: null, lastImport: null, onCancel: noop }))).toContain('Starting import');
    const summary = renderToStaticMarkup(createElement(ImportProgress, { job: null, queued: 0, sourceName: null, lastImport: done('j'), onCancel: noop }));
    expect(summary).toContain('Import done: 4 runs imported, 1 unchanged, 2 warnings.');
    expect(renderToStaticMarkup(createElement(ImportProgress, { job: null, queued: 0, sourceName: null, lastImport: done('j', { error: 'disk gone' }), onCancel: noop }))).toContain('Import failed: disk gone');
  });

  it('lists sources with run count, state and the path as a tooltip', () => {
    const html = renderToStaticMarkup(createElement(SourcesList, { sources: [source('a', { runCount: 12, path: '/data/<a>' }), source('b', { state: 'error', error: 'Permission denied' })], importingIds: new Set(['a']), onRescan: noop, onRemove: noop }));
    expect(count(html, 'data-testid="library.source-row"')).toBe(2);
    expect(html).toContain('title="/data/&lt;a&gt;"');
    expect(html).toContain('12 runs');
    expect(html).toContain('data-source-state="importing"');
    expect(html).toContain('Permission denied');
  });
});
