import type { DiagnosisStage } from '../../domain/diagnosis';
import { progressStep, stageMarker } from './attribute';

/**
 * Where a training log is, read line by line: the last step a progress line reported (an HF progress bar counts its
 * own steps) and the stage (init until training progress or a stage marker; a resume goes back to training only once
 * a step was seen). The error scan and the hang detector walk a log with the same rules.
 */
export class LogProgress {
  step: number | null = null;
  stage: DiagnosisStage = 'init';
  private hfSteps = 0;

  /** Reads one line's body (its rank prefix removed); says whether it was a progress line and whether a stage marker. */
  see(body: string): { readonly progress: boolean; readonly marker: boolean } {
    const p = progressStep(body);
    if (p !== null) {
      this.step = p === 'hf' ? ++this.hfSteps : p;
      this.stage = 'training';
    }
    const m = stageMarker(body);
    if (m === 'resume') this.stage = this.step === null ? 'init' : 'training';
    else if (m !== null) this.stage = m;
    return { progress: p !== null, marker: m !== null };
  }
}
