import { describe, expect, it } from 'vitest';
import { hfTrainerImporter } from '../../../../main/importers/hf-trainer';
import type { RunSource } from '../../../../shared/importers/importer';
import type { ImportRecord, WarningRecord } from '../../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../../helpers/importers';
import { stateText } from './build';

const rows = ['{"loss": 0.6931, "rewards/margins": 0.0, "step": 1}', '{"loss": NaN, "step": 2}', '{"loss": 0.5, "step": 3}', '{"step": 3, "train_loss": 0.6, "train_runtime": 9.5}'];
const text = stateText({ best_model_checkpoint: 'out/checkpoint-3', global_step: 3, max_steps: 3 }, rows);

describe('hf-trainer parse', () => {
  it('emits series, trainer_state config, run-meta, checkpoints and side-file configs, in that order', async () => {
    const recs = await collect(hfTrainerImporter, memorySource({
      'out/checkpoint-2/trainer_state.json': stateText({ global_step: 2, max_steps: 3 }, rows.slice(0, 2)),
      'out/trainer_state.json': text,
      'out/all_results.json': '{"train_loss": 0.6}',
    }, 'out'));
    expect(recs.map((r) => (r.kind === 'scalars' ? `scalars:${r.metric}` : r.kind === 'config' ? `config:${r.origin}` : r.kind))).toEqual([
      'scalars:loss', 'scalars:rewards/margins', 'scalars:train_loss', 'scalars:train_runtime', 'config:trainer_state', 'run-meta', 'checkpoint', 'config:results',
    ]);
    expect(seriesOf(recs).get('loss')).toEqual({ steps: [1, 2, 3], values: [0.6931, Number.NaN, 0.5] });
    expect(recs.find((r) => r.kind === 'run-meta')).toEqual({ kind: 'run-meta', status: 'finished', bestModelCheckpoint: 'out/checkpoint-3' });
  });

  it('turns an unreadable file into a warning and reads the rest', async () => {
    const src = memorySource({ 'o/trainer_state.json': text }, 'o');
    const broken: RunSource = { ...src, files: ['o/checkpoint-1/trainer_state.json', ...src.files] };
    const recs = await collect(hfTrainerImporter, broken);
    expect(recs.filter((r): r is WarningRecord => r.kind === 'warning')).toEqual([
      { kind: 'warning', file: 'o/checkpoint-1/trainer_state.json', offset: null, message: 'Could not read the file: ENOENT: o/checkpoint-1/trainer_state.json' },
    ]);
    expect(seriesOf(recs).get('loss')?.steps).toEqual([1, 2, 3]);
  });

  it('stops between files when the import is cancelled, emitting nothing after', async () => {
    const ac = new AbortController();
    const reads: string[] = [];
    const src: RunSource = {
      relPath: 'o',
      files: ['o/checkpoint-1/trainer_state.json', 'o/trainer_state.json'],
      async readFile(rel) {
        reads.push(rel);
        ac.abort();
        return new TextEncoder().encode(text);
      },
    };
    const recs: ImportRecord[] = [];
    for await (const r of hfTrainerImporter.parse(src, ac.signal)) recs.push(r);
    expect(reads).toEqual(['o/checkpoint-1/trainer_state.json']);
    expect(recs).toEqual([]);
  });

  it('never throws and never loses a complete row, whatever byte the state is cut at', async () => {
    let previous = 0;
    for (let cut = 0; cut <= text.length; cut++) {
      const recs = await collect(hfTrainerImporter, memorySource({ 'o/trainer_state.json': text.slice(0, cut) }, 'o'));
      const n = seriesOf(recs).get('loss')?.steps.length ?? 0;
      expect(n).toBeGreaterThanOrEqual(previous);
      previous = n;
      const damaged = recs.filter((r): r is WarningRecord => r.kind === 'warning');
      if (cut < text.length) expect(damaged).toEqual([expect.objectContaining({ file: 'o/trainer_state.json', offset: cut })]);
      else expect(damaged).toEqual([]);
    }
    expect(previous).toBe(3);
  });
});
