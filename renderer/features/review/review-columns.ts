import type { ReviewSubject } from '../../../shared/domain/review';
import type { Checkpoint, RunSummary } from '../../../shared/domain/run';

/**
 * What the Review tab shows side by side (issue 8: "pick two to four runs or checkpoints"): whole runs, or checkpoint
 * folders of them — two checkpoints of one run included (the DPO run's step 100 vs its last save).
 */

/** Side by side is readable up to four columns. */
export const MAX_REVIEWED = 4;

export interface ReviewColumn {
  /** Unique per column: the run and the checkpoint path. */
  readonly key: string;
  readonly subject: ReviewSubject;
  readonly run: RunSummary;
  readonly checkpoint: Checkpoint | null;
  /** `run` or `run · checkpoint-100`. */
  readonly label: string;
}

export const subjectKey = (s: ReviewSubject): string => `${s.runId}\u0000${s.checkpoint ?? ''}`;

/** The last path segment: `checkpoint-100` of `out/dpo/checkpoint-100`. */
export const checkpointName = (p: string): string => p.split('/').filter((x) => x !== '').at(-1) ?? p;

export function columnLabel(run: RunSummary, checkpoint: Checkpoint | null): string {
  return checkpoint === null ? run.name : `${run.name} · ${checkpointName(checkpoint.path)}`;
}

/**
 * Columns before the user picks: the selected runs; or, when one run with several checkpoints is selected, its first
 * and last checkpoint ("what changed since the early save?").
 */
export function defaultSubjects(selected: readonly RunSummary[]): ReviewSubject[] {
  const only = selected.length === 1 ? selected[0] : undefined;
  if (only && only.checkpoints.length >= 2) {
    const first = only.checkpoints[0];
    const last = only.checkpoints.at(-1);
    return [first, last].filter((c) => c !== undefined).map((c) => ({ runId: only.id, checkpoint: c.path }));
  }
  return selected.slice(0, MAX_REVIEWED).map((r) => ({ runId: r.id, checkpoint: null }));
}

/** The columns in effect: the user's pick for this very selection, else the default. */
export function currentSubjects(stored: { readonly forSelection: string; readonly subjects: readonly ReviewSubject[] } | null, selected: readonly RunSummary[]): readonly ReviewSubject[] {
  return stored !== null && stored.forSelection === selectionKey(selected) ? stored.subjects : defaultSubjects(selected);
}

/** Identifies a run selection (order kept: the first run is the baseline column). */
export const selectionKey = (selected: readonly RunSummary[]): string => selected.map((r) => r.id).join('\u0000');

/** Subjects resolved against the library; ones whose run or checkpoint is gone (re-import, removed source) drop out. */
export function resolveColumns(subjects: readonly ReviewSubject[], runs: readonly RunSummary[]): ReviewColumn[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const out: ReviewColumn[] = [];
  const seen = new Set<string>();
  for (const s of subjects) {
    const run = byId.get(s.runId);
    const key = subjectKey(s);
    if (!run || seen.has(key)) continue;
    const checkpoint = s.checkpoint === null ? null : (run.checkpoints.find((c) => c.path === s.checkpoint) ?? null);
    if (s.checkpoint !== null && checkpoint === null) continue;
    seen.add(key);
    out.push({ key, subject: s, run, checkpoint, label: columnLabel(run, checkpoint) });
    if (out.length === MAX_REVIEWED) break;
  }
  return out;
}

/** Everything a column can show for these runs: each whole run, then each of its checkpoints, in step order. */
export function subjectChoices(runs: readonly RunSummary[]): { subject: ReviewSubject; label: string }[] {
  return runs.flatMap((r) => [{ subject: { runId: r.id, checkpoint: null }, label: `${r.name} (whole run)` }, ...r.checkpoints.map((c) => ({ subject: { runId: r.id, checkpoint: c.path }, label: `${columnLabel(r, c)}${c.step === null ? '' : ` (step ${c.step})`}` }))]);
}

/**
 * A step window around a checkpoint for the curves: a tenth of the run's length each side, so the curve's trend into
 * and out of the save is visible.
 */
export function windowAround(step: number, run: RunSummary): { min: number; max: number } {
  const span = Math.max(1, run.lastStep ?? step);
  const pad = Math.max(1, Math.round(span / 10));
  return { min: Math.max(0, step - pad), max: step + pad };
}
