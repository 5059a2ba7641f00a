import { describe, expect, it } from 'vitest';
import type { FollowState } from '../../../main/services/follow-plan';
import { holdBackTailWarnings, nextFollowState, planAppend } from '../../../main/services/follow-plan';

const tb = { id: 'tensorboard', version: 1, canResume: true };
const files = ['r/events.1', 'r/hparams.yaml'];
const prev: FollowState = nextFollowState(tb, files, (f) => ({ 'r/events.1': { size: 100, mtimeMs: 1 }, 'r/hparams.yaml': { size: 10, mtimeMs: 1 } })[f], new Map([['r/events.1', { offset: 100 }]]));
const stats = (s: Record<string, { size: number; mtimeMs: number }>) => (f: string) => s[f];

describe('planAppend: when a changed run may be continued instead of read again', () => {
  it('continues a run whose resumable file only grew, reading just the new bytes', () => {
    const plan = planAppend(prev, tb, files, stats({ 'r/events.1': { size: 160, mtimeMs: 2 }, 'r/hparams.yaml': { size: 10, mtimeMs: 1 } }));
    expect(plan).toEqual({ grown: new Map([['r/events.1', { offset: 100 }]]), bytes: 60 });
  });

  it('reads the run whole when anything else happened', () => {
    const same = { 'r/hparams.yaml': { size: 10, mtimeMs: 1 } };
    // shrunk (rewritten), touched without growing, a file without a resume point changed, files added, importer bumped
    expect(planAppend(prev, tb, files, stats({ ...same, 'r/events.1': { size: 90, mtimeMs: 2 } }))).toBeNull();
    expect(planAppend(prev, tb, files, stats({ ...same, 'r/events.1': { size: 100, mtimeMs: 2 } }))).toBeNull();
    expect(planAppend(prev, tb, files, stats({ 'r/events.1': { size: 160, mtimeMs: 2 }, 'r/hparams.yaml': { size: 12, mtimeMs: 2 } }))).toBeNull();
    expect(planAppend(prev, tb, [...files, 'r/events.2'], stats({ ...same, 'r/events.1': { size: 160, mtimeMs: 2 }, 'r/events.2': { size: 5, mtimeMs: 2 } }))).toBeNull();
    expect(planAppend(prev, { ...tb, version: 2 }, files, stats({ ...same, 'r/events.1': { size: 160, mtimeMs: 2 } }))).toBeNull();
    expect(planAppend(prev, { ...tb, canResume: false }, files, stats({ ...same, 'r/events.1': { size: 160, mtimeMs: 2 } }))).toBeNull();
    expect(planAppend(undefined, tb, files, stats({ ...same, 'r/events.1': { size: 160, mtimeMs: 2 } }))).toBeNull();
  });

  it('looks again at an untouched file whose tail was left unread (a cut record), and only at those bytes', () => {
    const cut = nextFollowState(tb, files, stats({ 'r/events.1': { size: 100, mtimeMs: 1 }, 'r/hparams.yaml': { size: 10, mtimeMs: 1 } }), new Map([['r/events.1', { offset: 93 }]]));
    expect(planAppend(cut, tb, files, stats({ 'r/events.1': { size: 100, mtimeMs: 1 }, 'r/hparams.yaml': { size: 10, mtimeMs: 1 } }))).toEqual({ grown: new Map([['r/events.1', { offset: 93 }]]), bytes: 7 });
  });
});

describe('holdBackTailWarnings', () => {
  const points = new Map([['a.log', { offset: 50 }]]);
  const w = (file: string, offset: number | null) => ({ file, offset, message: 'm' });

  it('holds back only the cut-tail warning of a file written moments ago', () => {
    const fresh = stats({ 'a.log': { size: 60, mtimeMs: 10_000 } });
    expect(holdBackTailWarnings([w('a.log', 50), w('a.log', 10), w('b.log', 50), w('a.log', null)], points, fresh, 11_000, 4000)).toEqual({ keep: [w('a.log', 10), w('b.log', 50), w('a.log', null)], held: 1 });
  });

  it('reports it once the file has been quiet for the wait', () => {
    const quiet = stats({ 'a.log': { size: 60, mtimeMs: 10_000 } });
    expect(holdBackTailWarnings([w('a.log', 50)], points, quiet, 20_000, 4000)).toEqual({ keep: [w('a.log', 50)], held: 0 });
  });
});
