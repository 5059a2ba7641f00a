import { describe, expect, it } from 'vitest';
import { readStateFile } from '../../../../main/importers/hf-trainer/state-file';
import { bytes, stateText } from './build';

const rows = ['{"loss": 0.5, "step": 1}', '{"loss": 0.25, "step": 2}', '{"loss": 0.125, "step": 3}'];
const text = stateText({ best_model_checkpoint: 'out/checkpoint-2', global_step: 3, max_steps: 10 }, rows);

describe('readStateFile', () => {
  it('reads fields and rows of an intact file', () => {
    const s = readStateFile('out/trainer_state.json', bytes(text));
    expect(s).toEqual({
      file: 'out/trainer_state.json',
      fields: { best_model_checkpoint: 'out/checkpoint-2', global_step: 3, max_steps: 10 },
      rows: [{ loss: 0.5, step: 1 }, { loss: 0.25, step: 2 }, { loss: 0.125, step: 3 }],
      globalStep: 3,
      isDamaged: false,
      warnings: [],
    });
  });

  it('keeps the complete rows and the fields before a cut, with the byte offset of the cut', () => {
    const cut = text.indexOf('"loss": 0.125') + 3;
    const s = readStateFile('f.json', bytes(text.slice(0, cut)));
    expect(s.rows).toEqual([{ loss: 0.5, step: 1 }, { loss: 0.25, step: 2 }]);
    expect(s.fields).toEqual({ best_model_checkpoint: 'out/checkpoint-2', global_step: 3 });
    expect(s).toMatchObject({ globalStep: 3, isDamaged: true });
    expect(s.warnings).toEqual([{ kind: 'warning', file: 'f.json', offset: cut, message: `Damaged JSON: the file ends early at byte ${cut} (line 7), as if cut while being written. Kept the 2 complete log_history rows before it.` }]);
  });

  it('falls back to the last complete row for the step when global_step was not reached', () => {
    const doc = stateText({ zz_global_step_sorted_last: 0 }, rows).replace('zz_global_step_sorted_last', 'global_step');
    const s = readStateFile('f.json', bytes(doc.slice(0, doc.indexOf('"loss": 0.125'))));
    expect(s.globalStep).toBe(2);
  });

  it('counts offsets in bytes: a BOM and multi-byte characters before the damage move it', () => {
    const doc = '\uFEFF{"trial_name": "été", "log_history": [{"step": 1}, {"step": 2, x}]}';
    const s = readStateFile('f.json', bytes(doc));
    const charAt = doc.indexOf('x}') - 1; // after the BOM the decoder drops
    expect(s.warnings[0]?.offset).toBe(charAt + 3 + 2);
    expect(s.warnings[0]?.message).toBe(`Damaged JSON: Expected a quoted key, found 'x' at byte ${charAt + 5} (line 1). Kept the 1 complete log_history rows before it.`);
    expect(s.rows).toEqual([{ step: 1 }]);
  });

  it.each([
    ['an empty file', '', 0, 'Damaged JSON: the file is empty; no trainer state could be read from it.'],
    ['a JSON array', '[1, 2]', null, 'The file is JSON but not an object; no trainer state could be read from it.'],
    ['a Git LFS pointer', 'version https://git-lfs.github.com/spec/v1\n', 0, "Damaged JSON: Unexpected 'v' at byte 0 (line 1); no trainer state could be read from it."],
  ])('warns and yields nothing for %s', (_why, doc, offset, message) => {
    const s = readStateFile('f.json', bytes(doc));
    expect(s).toMatchObject({ rows: [], globalStep: null, isDamaged: true });
    expect(s.warnings).toEqual([{ kind: 'warning', file: 'f.json', offset, message }]);
  });

  it('warns when an intact state has no log_history list', () => {
    const s = readStateFile('f.json', bytes('{"global_step": 5, "log_history": {"step": 1}}'));
    expect(s).toMatchObject({ rows: [], globalStep: 5, isDamaged: false });
    expect(s.warnings.map((w) => w.message)).toEqual(['This trainer_state.json has no log_history list: no series to read.']);
  });
});
