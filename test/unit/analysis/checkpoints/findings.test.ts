import { describe, expect, it } from 'vitest';
import { checkpointFindings } from '../../../../shared/analysis/checkpoints/findings';
import { NO_WEIGHTS } from '../../../../shared/analysis/checkpoints/folder';

describe('checkpoint findings', () => {
  const at = (step: number | null, problems: string[]) => ({ path: `out/checkpoint-${step ?? 'x'}`, step, problems, fileCount: 2, totalBytes: 10 });

  it('a damaged save is critical and pinned to its step on the loss chart', () => {
    const [f] = checkpointFindings('train/loss', [at(600, ['adapter_model.safetensors: truncated: the tensors need 10 bytes, the file has 6 (4 missing)'])]);
    expect(f).toMatchObject({ kind: 'checkpoint', severity: 'critical', step: 600, metric: 'train/loss', title: 'Checkpoint at step 600 is damaged' });
    expect(f?.explanation).toContain('truncated');
  });

  it('a folder copied without its weights is information, not damage', () => {
    const [f] = checkpointFindings('loss', [at(100, [NO_WEIGHTS])]);
    expect(f).toMatchObject({ severity: 'info', title: 'Checkpoint at step 100 has no weights here' });
    // With another problem too, it is damage again.
    expect(checkpointFindings('loss', [at(100, [NO_WEIGHTS, 'empty file: optimizer.pt'])])[0]?.severity).toBe('critical');
  });

  it('healthy folders and folders without a step give nothing', () => {
    expect(checkpointFindings('loss', [at(100, []), at(null, ['empty file: x'])])).toEqual([]);
  });
});
