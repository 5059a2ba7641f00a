import type { Goodput } from '../../domain/diagnosis';

/** A run's progress as logged: one point per logged step of its main (loss) series, in read order. */
export interface GoodputInput {
  /** In read order (a resumed run goes back in step). `wall` in Unix seconds, null when the point has none. */
  readonly points: readonly { readonly step: number; readonly wall: number | null }[];
  /** Steps of the run's checkpoints (saved or recorded), any order. */
  readonly checkpointSteps: readonly number[];
}

/** SKELETON (a helper session fills it in). */
export function computeGoodput(input: GoodputInput): Goodput {
  void input;
  return { attempts: [], restarts: 0, wallSeconds: null, productiveSeconds: null, ettr: null, recomputedSteps: 0, lostSeconds: null, downSeconds: null, checkpointIntervalSteps: null, checkpointIntervalSeconds: null };
}
