import type { Finding } from '../findings/types';
import { NO_WEIGHTS } from './folder';

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
    .map((c) => {
      // Only weights missing: a trimmed copy (trainer_state without the tensors) or weights kept elsewhere, not a broken save.
      const onlyNoWeights = c.problems.every((p) => p === NO_WEIGHTS);
      return {
      kind: 'checkpoint' as const,
      metric,
      metrics: [metric],
      severity: onlyNoWeights ? ('info' as const) : ('critical' as const),
      step: c.step,
      stepStart: c.step,
      stepEnd: c.step,
      title: onlyNoWeights ? `Checkpoint at step ${c.step} has no weights here` : `Checkpoint at step ${c.step} is damaged`,
      explanation: onlyNoWeights
        ? `${c.path} holds no model weights (no .safetensors, .bin or .pt file): copied without them, or saved elsewhere. It cannot be loaded or resumed from this folder.`
        : `${c.path}: ${c.problems.join('; ')}. Loading or resuming from it would fail; use an earlier checkpoint or save again.`,
      evidence: { files: c.fileCount, bytes: c.totalBytes, problems: c.problems.length },
      thresholds: {},
      source: 'analyses.md §5.3 (checkpoint storage); safetensors format',
      };
    });
}
