import { describe, expect, it } from 'vitest';
import { configDiff, configText } from '../../../shared/analysis/review/config-diff';
import type { RunConfigEntry } from '../../../shared/domain/run-config';

const e = (runId: string, key: string, value: RunConfigEntry['value'], origin = 'trainer_state'): RunConfigEntry => ({ runId, origin, key, value });

describe('configDiff', () => {
  it('lines keys up across runs, marks disagreements and absences, keeps the first origin per run', () => {
    const rows = configDiff(
      ['a', 'b', 'c'],
      [e('a', 'learning_rate', 2e-5), e('b', 'learning_rate', 2e-5), e('c', 'learning_rate', 5e-6), e('a', 'seed', 42), e('b', 'seed', 42), e('c', 'seed', 42), e('b', 'beta', 0.1), e('a', 'seed', 7, 'hparams'), e('x', 'ignored', 1), e('a', 'nan', Number.NaN), e('b', 'nan', Number.NaN), e('c', 'nan', Number.NaN)],
    );
    expect(rows.map((r) => [r.key, r.values, r.isDifferent, r.origins])).toEqual([
      ['beta', [undefined, 0.1, undefined], true, ['trainer_state']],
      ['learning_rate', [2e-5, 2e-5, 5e-6], true, ['trainer_state']],
      ['nan', [Number.NaN, Number.NaN, Number.NaN], false, ['trainer_state']],
      ['seed', [42, 42, 42], false, ['trainer_state', 'hparams']],
    ]);
    expect([configText(undefined), configText('x'), configText(true), configText(null), configText(0.1)]).toEqual(['—', 'x', 'true', 'null', '0.1']);
  });
});
