import { describe, expect, it } from 'vitest';
import { columnValue, formatInUse, nextTableChoice, NO_WALL, STEP_DETECTED, STEP_ROW, stepSelectValue, tieFolderLabel, wallSelectValue } from '../../../renderer/features/library/import-choices-model';
import type { TableColumns } from '../../../shared/domain/import-choices';

const cols = (choice: TableColumns['choice'], detectedStep: string | null = 'step'): TableColumns => ({ runId: 's/t', columns: ['step', 'epoch', 'time', 'loss'], detectedStep, choice });

describe('import choices model', () => {
  it('shows the format in use and the folder under its source’s name', () => {
    const tie = { sourceId: 's', folder: 'a/b', formats: ['lm-eval', 'dvclive'] as ('lm-eval' | 'dvclive')[], chosen: null };
    expect(formatInUse(tie)).toBe('lm-eval');
    expect(formatInUse({ ...tie, chosen: 'dvclive' })).toBe('dvclive');
    expect(tieFolderLabel(tie, 'runs')).toBe('runs/a/b');
    expect(tieFolderLabel({ ...tie, folder: '' }, 'runs')).toBe('runs');
  });

  it('maps the stored choice to select values and back', () => {
    expect([stepSelectValue(cols(null)), wallSelectValue(cols(null))]).toEqual([STEP_DETECTED, NO_WALL]);
    expect(stepSelectValue(cols({ step: null, wall: null }))).toBe(STEP_ROW);
    expect([stepSelectValue(cols({ step: 'epoch', wall: 'time' })), wallSelectValue(cols({ step: 'epoch', wall: 'time' }))]).toEqual([columnValue('epoch'), columnValue('time')]);

    expect(nextTableChoice(cols(null), columnValue('epoch'), NO_WALL)).toEqual({ step: 'epoch', wall: null });
    expect(nextTableChoice(cols(null), STEP_ROW, columnValue('time'))).toEqual({ step: null, wall: 'time' });
    // Back to detection with no wall column: nothing stored.
    expect(nextTableChoice(cols({ step: 'epoch', wall: null }), STEP_DETECTED, NO_WALL)).toBeNull();
    // Only a wall column: the step stays the detected one.
    expect(nextTableChoice(cols(null), STEP_DETECTED, columnValue('time'))).toEqual({ step: 'step', wall: 'time' });
    // A column cannot be both axes.
    expect(nextTableChoice(cols({ step: null, wall: 'time' }), columnValue('time'), columnValue('time'))).toEqual({ step: 'time', wall: null });
    // A column literally named "row" or "detected" is still a column.
    expect(nextTableChoice(cols(null), columnValue('row'), NO_WALL)).toEqual({ step: 'row', wall: null });
  });
});
