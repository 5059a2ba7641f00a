import { describe, expect, it } from 'vitest';
import { firstDifference, historyWarnings, pickNewest, sameJson } from '../../../../main/importers/hf-trainer/history';
import type { StateFile } from '../../../../main/importers/hf-trainer/state-file';
import { parseTolerantJson } from '../../../../shared/util/tolerant-json';
import type { JsonValue } from '../../../../shared/util/tolerant-json';

const state = (file: string, globalStep: number | null, rows: JsonValue[] = [], isDamaged = false): StateFile => ({ file, fields: {}, rows, globalStep, isDamaged, warnings: [] });
const j = (text: string) => parseTolerantJson(text);

describe('pickNewest', () => {
  it.each([
    ['the highest global_step wins', [state('o/checkpoint-9/trainer_state.json', 9), state('o/trainer_state.json', 4), state('o/checkpoint-2/trainer_state.json', 2)], 'o/checkpoint-9/trainer_state.json'],
    ['the top-level file wins a tie, wherever it is listed', [state('o/trainer_state.json', 5), state('o/checkpoint-5/trainer_state.json', 5)], 'o/trainer_state.json'],
    ['an intact file beats a damaged one at the same step', [state('o/checkpoint-5/trainer_state.json', 5), state('o/trainer_state.json', 5, [], true)], 'o/checkpoint-5/trainer_state.json'],
    ['a damaged file still wins with a higher step', [state('o/checkpoint-5/trainer_state.json', 5), state('o/checkpoint-6/trainer_state.json', 6, [], true)], 'o/checkpoint-6/trainer_state.json'],
    ['an unknown step loses to any known one', [state('o/trainer_state.json', null), state('o/checkpoint-0/trainer_state.json', 0)], 'o/checkpoint-0/trainer_state.json'],
  ])('%s', (_why, states, want) => {
    expect(pickNewest(states, 'o')?.file).toBe(want);
  });

  it('treats the run folder as the root when the run is the source root', () => {
    expect(pickNewest([state('trainer_state.json', 3), state('checkpoint-3/trainer_state.json', 3)], '')?.file).toBe('trainer_state.json');
    expect(pickNewest([], '')).toBeNull();
  });
});

describe('history comparison', () => {
  it.each([
    ['equal rows, keys in another order', '[{"a": 1, "b": NaN}]', '[{"b": NaN, "a": 1}, {"a": 2}]', null],
    ['an empty prefix', '[]', '[{"a": 1}]', null],
    ['a changed value', '[{"a": 1}, {"a": 2}]', '[{"a": 1}, {"a": 2.5}]', 1],
    ['an extra key', '[{"a": 1, "c": null}]', '[{"a": 1}]', 0],
    ['a longer "prefix"', '[{"a": 1}, {"a": 2}]', '[{"a": 1}]', 1],
    ['nested values', '[{"a": [1, {"b": 2}]}]', '[{"a": [1, {"b": 3}]}]', 0],
    ['0 vs null', '[{"a": 0}]', '[{"a": null}]', 0],
  ])('%s', (_why, prefix, full, want) => {
    expect(firstDifference(j(prefix) as JsonValue[], j(full) as JsonValue[])).toBe(want);
  });

  it('compares hostile nesting without overflowing the stack', () => {
    const deep = (leaf: number) => j(`${'['.repeat(100_000)}${leaf}${']'.repeat(100_000)}`);
    expect(sameJson(deep(1), deep(1))).toBe(true);
    expect(sameJson(deep(1), deep(2))).toBe(false);
  });

  it('warns once per older state that is not a prefix of the newest, naming row and step', () => {
    const newest = state('o/checkpoint-4/trainer_state.json', 4, j('[{"loss": 1, "step": 1}, {"loss": 0.5, "step": 2}, {"loss": 0.4, "step": 3}]') as JsonValue[]);
    const good = state('o/checkpoint-2/trainer_state.json', 2, j('[{"loss": 1, "step": 1}, {"loss": 0.5, "step": 2}]') as JsonValue[]);
    const bad = state('o/checkpoint-3/trainer_state.json', 3, j('[{"loss": 1, "step": 1}, {"loss": 0.7, "step": 2}]') as JsonValue[]);
    expect(historyWarnings([good, bad, newest], newest)).toEqual([
      {
        kind: 'warning',
        file: 'o/checkpoint-3/trainer_state.json',
        offset: null,
        message: "This log_history is not a prefix of o/checkpoint-4/trainer_state.json's (they differ from row 2, step 2): the run was resumed from an earlier checkpoint or diverged. The series come from o/checkpoint-4/trainer_state.json.",
      },
    ]);
  });
});
