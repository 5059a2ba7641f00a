import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../../shared/domain/run';
import { checkpointName, defaultSubjects, MAX_REVIEWED, resolveColumns, subjectChoices, subjectKey, windowAround } from '../../../../renderer/features/review/review-columns';

const run = (id: string, checkpoints: { path: string; step: number | null }[] = [], lastStep: number | null = 1000): RunSummary =>
  ({ id, name: `run ${id}`, path: id, format: 'hf-trainer', checkpoints, lastStep }) as unknown as RunSummary;

describe('review columns', () => {
  const dpo = run('dpo', [
    { path: 'out/dpo/checkpoint-100', step: 100 },
    { path: 'out/dpo/checkpoint-300', step: 300 },
    { path: 'out/dpo/checkpoint-625', step: 625 },
  ], 625);

  it('defaults to the first and last checkpoint of a lone run, else to the selected runs (at most four)', () => {
    expect(defaultSubjects([dpo])).toEqual([
      { runId: 'dpo', checkpoint: 'out/dpo/checkpoint-100' },
      { runId: 'dpo', checkpoint: 'out/dpo/checkpoint-625' },
    ]);
    expect(defaultSubjects([run('a')])).toEqual([{ runId: 'a', checkpoint: null }]);
    const many = ['a', 'b', 'c', 'd', 'e'].map((id) => run(id));
    expect(defaultSubjects(many).map((s) => s.runId)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('drops subjects whose run or checkpoint is gone and repeated ones, and stops at four columns', () => {
    const cols = resolveColumns(
      [
        { runId: 'dpo', checkpoint: 'out/dpo/checkpoint-100' },
        { runId: 'dpo', checkpoint: 'out/dpo/checkpoint-100' },
        { runId: 'dpo', checkpoint: 'out/dpo/checkpoint-999' },
        { runId: 'gone', checkpoint: null },
        { runId: 'dpo', checkpoint: null },
      ],
      [dpo],
    );
    expect(cols.map((c) => c.label)).toEqual(['run dpo · checkpoint-100', 'run dpo']);
    expect(cols[0]?.checkpoint?.step).toBe(100);
    const five = resolveColumns(['a', 'b', 'c', 'd', 'e'].map((runId) => ({ runId, checkpoint: null })), ['a', 'b', 'c', 'd', 'e'].map((id) => run(id)));
    expect(five).toHaveLength(MAX_REVIEWED);
  });

  it('offers each run whole and each of its checkpoints, with distinct keys', () => {
    const choices = subjectChoices([dpo, run('b')]);
    expect(choices.map((c) => c.label)).toEqual(['run dpo (whole run)', 'run dpo · checkpoint-100 (step 100)', 'run dpo · checkpoint-300 (step 300)', 'run dpo · checkpoint-625 (step 625)', 'run b (whole run)']);
    expect(new Set(choices.map((c) => subjectKey(c.subject))).size).toBe(choices.length);
  });

  it('zooms the curves to a tenth of the run each side of a checkpoint, never below step 0', () => {
    expect(windowAround(300, dpo)).toEqual({ min: 237, max: 363 });
    expect(windowAround(10, dpo)).toEqual({ min: 0, max: 73 });
    expect(checkpointName('a/b/checkpoint-7/')).toBe('checkpoint-7');
  });
});
