import { describe, expect, it } from 'vitest';
import type { Annotation, AnnotationTarget } from '../../../shared/domain/annotation';
import { isNoteOn } from '../../../renderer/features/notes/note-targets';

const note = (target: AnnotationTarget): Annotation => ({ id: 'n', target, text: 'x', createdAtMs: 0, updatedAtMs: 0 });

describe('isNoteOn', () => {
  const row: AnnotationTarget = { kind: 'compare-row', task: 'gsm8k', metric: 'exact_match', filter: 'strict-match' };
  const finding: AnnotationTarget = { kind: 'finding', runId: 'r', metric: 'loss', findingKind: 'spike', step: 10 };
  it.each([
    [row, row, true],
    [row, { ...row, filter: 'flexible-extract' }, false],
    [finding, finding, true],
    [finding, { ...finding, step: 11 }, false],
    [{ kind: 'run', runId: 'r' } as AnnotationTarget, { kind: 'run', runId: 'r' } as AnnotationTarget, true],
    [{ kind: 'run', runId: 'r' } as AnnotationTarget, finding, false],
    [{ kind: 'chart', metric: 'loss', runId: null, step: 1, stepEnd: null } as AnnotationTarget, { kind: 'chart', metric: 'loss', runId: null, step: 1, stepEnd: 2 } as AnnotationTarget, false],
  ])('%o on %o: %s', (a, b, expected) => {
    expect(isNoteOn(note(a), b)).toBe(expected);
  });
});
