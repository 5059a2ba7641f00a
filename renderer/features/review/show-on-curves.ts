import type { Checkpoint, RunSummary } from '../../../shared/domain/run';
import { appStore } from '../../state/store';
import { checkpointName, windowAround } from './review-columns';

/** Opens the curves at a checkpoint's step (issue 8 §5): every chart marks it and zooms around it. */
export function showCheckpointOnCurves(run: RunSummary, checkpoint: Checkpoint): void {
  if (checkpoint.step === null) return;
  const s = appStore.getState();
  s.focusStep({ step: checkpoint.step, label: `${run.name} · ${checkpointName(checkpoint.path)}`, window: windowAround(checkpoint.step, run) });
  s.setMainView('curves');
}
