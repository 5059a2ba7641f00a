import { describe, expect, it } from 'vitest';
import { appReadiness } from '../../../renderer/app/app-state';
import { AUTO_SELECT_MAX, autoSelection, pruneSelection } from '../../../renderer/state/auto-select';
import { createAppStore } from '../../../renderer/state/store';
import { done, progress, run, source } from './fixtures';

describe('selection slice', () => {
  it('toggles runs, keeping the order they were picked in', () => {
    const s = createAppStore();
    s.getState().toggleRun('b');
    s.getState().toggleRun('a');
    s.getState().toggleRun('c');
    s.getState().toggleRun('a');
    expect(s.getState().selectedRunIds).toEqual(['b', 'c']);
  });

  it('selects and unselects groups without disturbing the rest', () => {
    const s = createAppStore();
    s.getState().setSelectedRuns(['x', 'a', 'x']);
    expect(s.getState().selectedRunIds).toEqual(['x', 'a']);
    s.getState().setRunsSelected(['a', 'b', 'c'], true);
    expect(s.getState().selectedRunIds).toEqual(['x', 'a', 'b', 'c']);
    s.getState().setRunsSelected(['a', 'c'], false);
    expect(s.getState().selectedRunIds).toEqual(['x', 'b']);
  });

  it('starts with no metric choice; toggling starts from what is shown (the defaults)', () => {
    const s = createAppStore();
    expect(s.getState().pickedMetrics).toBeNull();
    s.getState().toggleMetric('eval_loss', ['loss', 'eval_loss']);
    expect(s.getState().pickedMetrics).toEqual(['loss']);
    s.getState().toggleMetric('grad_norm', ['loss']);
    expect(s.getState().pickedMetrics).toEqual(['loss', 'grad_norm']);
    s.getState().setPickedMetrics(null);
    expect(s.getState().pickedMetrics).toBeNull();
  });
});

describe('view slice', () => {
  it('keeps one zoom window per chart, ordered, and forgets it on reset', () => {
    const s = createAppStore();
    s.getState().setZoom('loss', { min: 50, max: 10 });
    s.getState().setZoom('eval_loss', { min: 1, max: 2 });
    expect(s.getState().zoomByChart).toEqual({ loss: { min: 10, max: 50 }, eval_loss: { min: 1, max: 2 } });
    s.getState().setZoom('loss', null);
    expect(s.getState().zoomByChart).toEqual({ eval_loss: { min: 1, max: 2 } });
  });

  it('sorts by a new column ascending, and flips on the same column', () => {
    const s = createAppStore();
    expect(s.getState().runSort).toEqual({ key: 'name', dir: 1 });
    s.getState().sortRunsBy('name');
    expect(s.getState().runSort).toEqual({ key: 'name', dir: -1 });
    s.getState().sortRunsBy('lastLoss');
    expect(s.getState().runSort).toEqual({ key: 'lastLoss', dir: 1 });
  });

  it("starts with TensorBoard's smoothing (EMA 0.6) and the theme following the system; smoothing can be changed", () => {
    const s = createAppStore();
    expect(s.getState().smoothing).toEqual({ kind: 'ema', weight: 0.6 });
    s.getState().setSmoothing({ kind: 'none' });
    expect(s.getState().smoothing).toEqual({ kind: 'none' });
    expect(s.getState().theme).toBe('system');
  });
});

describe('host slice', () => {
  it('tracks a job from the add-source answer through progress to done', () => {
    const s = createAppStore();
    s.getState().jobStarted('j1', 'src');
    expect(s.getState().runningJobs).toEqual({ j1: { jobId: 'j1', sourceId: 'src', progress: null } });
    s.getState().importProgressed(progress('j1'));
    expect(s.getState().runningJobs.j1?.progress?.filesDone).toBe(3);
    s.getState().importDone(done('j1'));
    expect(s.getState().runningJobs).toEqual({});
    expect(s.getState().lastImport).toEqual(done('j1'));
  });

  it('does not bring back a job whose done event beat the add-source answer', () => {
    const s = createAppStore();
    s.getState().importDone(done('j1'));
    s.getState().jobStarted('j1', 'src');
    s.getState().importProgressed(progress('j1'));
    expect(s.getState().runningJobs).toEqual({});
  });

  it('learns about jobs it did not start (live follow) from progress events', () => {
    const s = createAppStore();
    s.getState().importProgressed(progress('live', { phase: 'scanning' }));
    expect(Object.keys(s.getState().runningJobs)).toEqual(['live']);
  });

  it('forgets running jobs when the event stream reconnects (their done events may be lost)', () => {
    const s = createAppStore();
    s.getState().jobStarted('j1', 'src');
    s.getState().connectionChanged('lost');
    expect(s.getState().connection).toBe('lost');
    expect(Object.keys(s.getState().runningJobs)).toEqual(['j1']);
    s.getState().connectionChanged('open');
    expect(s.getState()).toMatchObject({ connection: 'open', runningJobs: {} });
  });
});

describe('notices slice', () => {
  it('counts a repeated message instead of listing it again, and keeps the newest few', () => {
    const s = createAppStore();
    s.getState().report('host down');
    s.getState().report('other');
    s.getState().report('host down');
    expect(s.getState().notices.map((n) => [n.message, n.count])).toEqual([
      ['other', 1],
      ['host down', 2],
    ]);
    for (let i = 0; i < 20; i++) s.getState().report(`e${i}`);
    expect(s.getState().notices.length).toBeLessThanOrEqual(8);
    expect(s.getState().notices.at(-1)?.message).toBe('e19');
    const id = s.getState().notices.at(-1)?.id ?? -1;
    s.getState().dismiss(id);
    expect(s.getState().notices.some((n) => n.id === id)).toBe(false);
  });

  it('keeps notices and errors apart', () => {
    const s = createAppStore();
    s.getState().report('workspace.json was damaged', 'notice');
    s.getState().report('workspace.json was damaged');
    expect(s.getState().notices.map((n) => n.kind)).toEqual(['notice', 'error']);
  });
});

describe('auto selection', () => {
  const many = Array.from({ length: 14 }, (_, i) => run(`r${String(i).padStart(2, '0')}`));

  it('selects the first runs (up to the cap) of the first answer when nothing is selected', () => {
    expect(autoSelection(null, many, [])).toEqual(many.slice(0, AUTO_SELECT_MAX).map((r) => r.id));
    expect(AUTO_SELECT_MAX).toBe(10);
  });

  it('selects only new runs, and only while nothing is selected', () => {
    const known = new Set(['a', 'b']);
    const runs = [run('a'), run('b'), run('c')];
    expect(autoSelection(known, runs, [])).toEqual(['c']);
    expect(autoSelection(known, runs, ['a'])).toBeNull();
    // Nothing new: a cleared selection stays cleared.
    expect(autoSelection(new Set(['a', 'b', 'c']), runs, [])).toBeNull();
    // A selection of runs that are gone counts as nothing selected.
    expect(autoSelection(known, runs, ['gone'])).toEqual(['c']);
  });

  it('prefers runs with points to plot', () => {
    const runs = [run('evals-only', { pointCount: 0 }), run('trained')];
    expect(autoSelection(null, runs, [])).toEqual(['trained']);
    expect(autoSelection(null, [run('evals-only', { pointCount: 0 })], [])).toBeNull();
  });

  it('drops runs that left the library, returning the same array when none did', () => {
    const sel = ['a', 'b'];
    expect(pruneSelection(sel, [run('a'), run('b')])).toBe(sel);
    expect(pruneSelection(sel, [run('b')])).toEqual(['b']);
  });
});

describe('app readiness', () => {
  const ready = { sources: [source('s')], runsLoaded: true, runningJobs: {} };
  it('is loading until both lists have answered', () => {
    expect(appReadiness({ ...ready, sources: undefined })).toBe('loading');
    expect(appReadiness({ ...ready, runsLoaded: false })).toBe('loading');
    expect(appReadiness(ready)).toBe('ready');
  });
  it('is importing while a job runs, as events or the source list tell', () => {
    expect(appReadiness({ ...ready, runningJobs: { j: { jobId: 'j', sourceId: 's', progress: null } } })).toBe('importing');
    expect(appReadiness({ ...ready, sources: [source('s', { state: 'importing' })] })).toBe('importing');
    expect(appReadiness({ ...ready, sources: [source('s', { state: 'error' })] })).toBe('ready');
  });
});
