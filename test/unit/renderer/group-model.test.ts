import { describe, expect, it } from 'vitest';
import { indexConfigs } from '../../../renderer/features/library/run-columns';
import { compileGroupRegex, groupRuns, isGrouping, MAX_GROUPS, MISSING_GROUP, regexGroupName } from '../../../renderer/features/curves/group-model';

const runs = [
  { id: 'r1', name: 'lr1e-3-seed0' },
  { id: 'r2', name: 'lr1e-3-seed1' },
  { id: 'r3', name: 'lr1e-2-seed0' },
  { id: 'r4', name: 'baseline' },
];
const configs = indexConfigs([
  { runId: 'r1', origin: 'hparams', key: 'lr', value: 0.001 },
  { runId: 'r2', origin: 'hparams', key: 'lr', value: 0.001 },
  { runId: 'r3', origin: 'hparams', key: 'lr', value: 0.01 },
  { runId: 'r3', origin: 'hparams', key: 'opt', value: 'sgd' },
]);

describe('groupRuns', () => {
  it('groups by a config value, in value order, runs without the key last', () => {
    const g = groupRuns(runs, configs, { kind: 'config', key: 'lr' });
    expect(g.note).toBeNull();
    expect(g.groups).toEqual([
      { name: 'lr=0.001', runIds: ['r1', 'r2'] },
      { name: 'lr=0.01', runIds: ['r3'] },
      { name: MISSING_GROUP, runIds: ['r4'] },
    ]);
  });

  it('groups by a regex over run names: capture group 1, else the whole match', () => {
    expect(groupRuns(runs, configs, { kind: 'regex', pattern: '^(lr[^-]+-[^-]+)-seed' }).groups).toEqual([
      { name: 'lr1e-2', runIds: ['r3'] },
      { name: 'lr1e-3', runIds: ['r1', 'r2'] },
      { name: MISSING_GROUP, runIds: ['r4'] },
    ]);
    expect(groupRuns(runs, configs, { kind: 'regex', pattern: '/seed\\d/' }).groups.map((g) => [g.name, g.runIds.length])).toEqual([
      ['seed0', 2],
      ['seed1', 1],
      [MISSING_GROUP, 1],
    ]);
    expect(regexGroupName(/(x)?y/, 'y')).toBe('y');
  });

  it('reports a broken or dangerous regex instead of grouping, and does nothing for no rule', () => {
    const bad = groupRuns(runs, configs, { kind: 'regex', pattern: '(' });
    expect(bad.groups).toEqual([]);
    expect(bad.note).toMatch(/Invalid regex/);
    expect(compileGroupRegex('(a+)+').ok).toBe(false);
    expect(groupRuns(runs, configs, { kind: 'none' })).toEqual({ groups: [], note: null });
    expect(isGrouping({ kind: 'regex', pattern: '  ' })).toBe(false);
    expect(isGrouping({ kind: 'config', key: 'lr' })).toBe(true);
  });

  it('keeps at most the contract limit of groups and says how many were left out', () => {
    const many = Array.from({ length: MAX_GROUPS + 5 }, (_, i) => ({ id: `m${i}`, name: `g${i}` }));
    const g = groupRuns(many, new Map(), { kind: 'regex', pattern: '.+' });
    expect(g.groups.length).toBe(MAX_GROUPS);
    expect(g.groups[1]?.name).toBe('g1');
    expect(g.note).toContain(`${MAX_GROUPS + 5}`);
  });
});
