import type { SampleExtra } from '../../importers/records';

/** What the audit reads from the store, per run (main/services/audit.ts fills these from the evals tables). */
export interface AuditRun {
  readonly runId: string;
  /** Display name (the run's folder name). */
  readonly name: string;
  /** The checkpoint's training step when its model path names one (`checkpoint-1000`, `step143000`); null otherwise. */
  readonly step: number | null;
}

/** One aggregate eval number (a row of the `evals` table). */
export interface EvalRowIn {
  readonly runId: string;
  readonly task: string;
  readonly metric: string;
  readonly filter: string;
  readonly value: number;
  readonly stderr: number | null;
  readonly nSamples: number | null;
}

/** One logged eval document (a row of `eval_samples`). */
export interface SampleIn {
  readonly runId: string;
  readonly task: string;
  readonly docId: number | null;
  readonly target: string;
  readonly response: string;
  readonly metrics: Readonly<Record<string, number>>;
  readonly category: string | null;
  readonly extras: Readonly<Record<string, SampleExtra>> | null;
}

/**
 * The reference run behaviour and identity are compared against: the one whose name says `base` (the model before
 * fine-tuning), else the earliest checkpoint by step, else the first given.
 */
export function pickBase(runs: readonly AuditRun[]): AuditRun | null {
  const named = runs.find((r) => /(^|[^a-z])base([^a-z]|$)/i.test(r.name));
  if (named) return named;
  const stepped = runs.filter((r) => r.step !== null).sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
  return stepped[0] ?? runs[0] ?? null;
}
