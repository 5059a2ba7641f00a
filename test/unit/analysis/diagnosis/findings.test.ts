import { describe, expect, it } from 'vitest';
import { logFilesOf } from '../../../../main/services/diagnosis';
import { failureFindings, whereOf } from '../../../../shared/analysis/diagnosis/findings';
import { savedCheckpointSteps } from '../../../../shared/analysis/diagnosis/saved-checkpoints';
import type { DiagnosisEvent, RunDiagnosis } from '../../../../shared/domain/diagnosis';
import { categoryTable, eventGroups, formatRatio, whereOf as whereAndWhen } from '../../../../renderer/features/diagnosis/diagnosis-model';

function ev(over: Partial<DiagnosisEvent> & Pick<DiagnosisEvent, 'id'>): DiagnosisEvent {
  return {
    file: 'train.log', line: 1, endLine: 1, category: 'network', rule: 'nccl-timeout', severity: 'critical', step: 100, rank: null, node: null, time: null, stage: 'training',
    message: 'm', text: 't', explanation: 'e', fix: 'f', fields: {}, root: false, causeId: null, ...over,
  };
}

const root = ev({ id: 'r', root: true, category: 'gpu-hardware', rule: 'ecc-uncorrectable', rank: 5, line: 255, step: 1730, message: 'Uncorrectable ECC error on the GPU' });
const events = [
  root,
  ev({ id: 'a', causeId: 'r', rank: 0, line: 273 }),
  ev({ id: 'b', causeId: 'r', rank: 1, line: 279 }),
  ev({ id: 'c', severity: 'warning', category: 'config', rule: 'shell-command-not-found', line: 330, step: 1730 }),
  ev({ id: 'd', severity: 'info', category: 'gpu-hardware', rule: 'pcie-aer-corrected', line: 5 }),
  ev({ id: 'e', severity: 'critical', category: 'oom', rule: 'cuda-oom', step: null, line: 2 }),
];

describe('failureFindings: log failures on the loss chart', () => {
  it('marks the root and independent events, counts the cascade into the root, leaves out info and step-less events', () => {
    const out = failureFindings('lm loss', events);
    expect(out.map((f) => [f.step, f.severity, f.log])).toEqual([[1730, 'critical', { file: 'train.log', line: 255 }], [1730, 'warning', { file: 'train.log', line: 330 }]]);
    expect(out[0]).toMatchObject({ kind: 'failure', metric: 'lm loss', title: 'Root cause: Uncorrectable ECC error on the GPU', evidence: { cascade: 2, rank: 5 } });
    expect(out[0]?.explanation).toContain('train.log:255 (rank 5, step 1730, during training)');
    expect(out[0]?.explanation).toContain('2 later events');
    expect(out[1]?.title).toBe('Config: m');
  });
});

describe('savedCheckpointSteps', () => {
  it('reads Megatron, DeepSpeed and HF save lines, once per step, sorted', () => {
    expect(
      savedCheckpointSteps([
        '  successfully saved checkpoint at iteration    1500 to /ckpt',
        '[2021-08-08 01:00:44,221] [INFO] [logging.py:68:log_dist] [Rank 0] Saving model checkpoint: /ckpt/global_step500/mp_rank_00_model_states.pt',
        'Saving model checkpoint to out/checkpoint-1000',
        '  successfully saved checkpoint at iteration    1500 to /ckpt',
        'loading checkpoint from /ckpt at iteration 1500',
        ' iteration 10/ 100 | lm loss: 2 |',
      ]),
    ).toEqual([500, 1000, 1500]);
  });
});

describe('logFilesOf', () => {
  it('splits stored rows into files and into pieces where lines are missing', () => {
    const rows = [
      { file: 'a.log', line: 1, text: 'x' },
      { file: 'a.log', line: 2, text: 'y' },
      { file: 'a.log', line: 5, text: 'z' },
      { file: 'b.log', line: 1, text: 'w' },
    ];
    expect(logFilesOf(rows)).toEqual([
      { file: 'a.log', firstLine: 1, lines: ['x', 'y'] },
      { file: 'a.log', firstLine: 5, lines: ['z'] },
      { file: 'b.log', firstLine: 1, lines: ['w'] },
    ]);
  });
});

describe('diagnosis view model', () => {
  const d: RunDiagnosis = { runId: 'run', events, counts: { 'gpu-hardware': 2, network: 2, config: 1, oom: 1 }, rootId: 'r', goodput: null, linesRead: 400 };

  it('groups the root, its cascade and the rest', () => {
    const g = eventGroups(d);
    expect(g.root?.id).toBe('r');
    expect(g.cascade.map((e) => e.id)).toEqual(['a', 'b']);
    expect(g.others.map((e) => e.id)).toEqual(['c', 'd', 'e']);
    expect(eventGroups({ ...d, events: [ev({ id: 'x' })] })).toMatchObject({ root: null, cascade: [], others: [{ id: 'x' }] });
  });

  it('tabulates failures by category across runs, in the taxonomy order', () => {
    const other: RunDiagnosis = { ...d, runId: 'run2', events: [ev({ id: 'n', root: true })], counts: { network: 1 } };
    expect(categoryTable([d, other])).toEqual([
      { category: 'gpu-hardware', roots: 1, events: 2, runs: 1 },
      { category: 'oom', roots: 0, events: 1, runs: 1 },
      { category: 'network', roots: 1, events: 3, runs: 2 },
      { category: 'config', roots: 0, events: 1, runs: 1 },
    ]);
  });

  it('says where and when in one phrase', () => {
    expect(whereOf(root)).toBe('rank 5, step 1730, during training');
    expect(whereAndWhen({ ...root, time: '2025-11-25T09:56:03.000' })).toBe('rank 5, step 1730, during training, 2025-11-25T09:56:03.000');
    expect(whereAndWhen(ev({ id: 'z', step: null, stage: null, time: '12:00' }))).toBe('12:00');
    expect(formatRatio(0.8771)).toBe('87.7 %');
    expect(formatRatio(null)).toBe('–');
  });
});
