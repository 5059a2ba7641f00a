import type { Finding } from '../findings/types';

/** What a damaged checkpoint finding needs: where it is, its step, and what the folder check found. */
export interface DamagedCheckpoint {
  readonly path: string;
  readonly step: number | null;
  readonly problems: readonly string[];
  readonly fileCount: number;
  readonly totalBytes: number;
}

/**
 * Checkpoint storage faults as findings (analyses.md §5.3 "CHECKPOINT STORAGE": truncated or partial saves), pinned to
 * the checkpoint's step on the run's loss chart: a resume or an evaluation from that folder would fail.
 */
export function checkpointFindings(metric: string, checkpoints: readonly DamagedCheckpoint[]): Finding[] {
  return checkpoints
    .filter((c): c is DamagedCheckpoint & { step: number } => c.step !== null && c.problems.length > 0)
    .map((c) => ({
      kind: 'checkpoint' as const,
      metric,
      metrics: [metric],
      severity: 'critical' as const,
      step: c.step,
      stepStart: c.step,
      stepEnd: c.step,
      title: `Checkpoint at step ${c.step} is damaged`,
      explanation: `${c.path}: ${c.problems.join('; ')}. Loading or resuming from it would fail; use an earlier checkpoint or save again.`,
      evidence: { files: c.fileCount, bytes: c.totalBytes, problems: c.problems.length },
      thresholds: {},
      source: 'analyses.md §5.3 (checkpoint storage); safetensors format',
    }));
}
