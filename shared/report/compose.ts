import type { Smoothing } from '../analysis/smoothing';
import { DEFAULT_SYNTHETIC_CAP } from '../domain/audit';
import type { ReportSection, ReportSectionKind, ReportSpec } from '../domain/report';
import type { ReviewSubject } from '../domain/review';
import type { RunSummary } from '../domain/run';
import type { XAxis } from '../domain/series';

/** What the app shows now, from which a new section takes its runs and settings. */
export interface ComposeContext {
  readonly selectedRuns: readonly RunSummary[];
  readonly pinnedMetrics: readonly string[];
  readonly smoothing: Smoothing;
  readonly x: XAxis;
  readonly compareBaseline: string | null;
  readonly sweepMetric: string | null;
  /** The Review tab's columns now (runs or checkpoints), when it has two or more. */
  readonly reviewSubjects?: readonly ReviewSubject[];
}

const isEval = (r: RunSummary) => r.format === 'lm-eval';
const isSweep = (r: RunSummary) => r.format === 'sweep';

/** Metrics a curves section starts with: the pinned charts, else each selected run's loss, at most 6. */
export function defaultMetrics(ctx: ComposeContext): string[] {
  if (ctx.pinnedMetrics.length > 0) return ctx.pinnedMetrics.slice(0, 12);
  return [...new Set(ctx.selectedRuns.flatMap((r) => (r.lastLoss ? [r.lastLoss.metric] : [])))].slice(0, 6);
}

/** A new section of this kind, about what is selected now (training runs for curves, evals for comparisons…). */
export function newSection(kind: ReportSectionKind, ctx: ComposeContext): ReportSection {
  const training = ctx.selectedRuns.filter((r) => !isEval(r) && !isSweep(r)).map((r) => r.id);
  const evals = ctx.selectedRuns.filter(isEval).map((r) => r.id);
  const all = ctx.selectedRuns.filter((r) => !isSweep(r)).map((r) => r.id);
  switch (kind) {
    case 'runs':
      return { kind, runIds: ctx.selectedRuns.map((r) => r.id) };
    case 'curves':
      return { kind, runIds: training.length > 0 ? training : all, metrics: defaultMetrics(ctx).length > 0 ? defaultMetrics(ctx) : ['loss'], smoothing: ctx.smoothing, x: ctx.x };
    case 'comparison':
    case 'plane':
      return { kind, runIds: evals.length > 0 ? evals : all, baselineRunId: ctx.compareBaseline };
    case 'robustness':
      return { kind, runIds: ctx.selectedRuns.filter(isSweep).map((r) => r.id), metric: ctx.sweepMetric };
    case 'findings':
    case 'diagnosis':
      return { kind, runIds: training.length > 0 ? training : all };
    case 'audit':
      return { kind, runIds: all, cap: DEFAULT_SYNTHETIC_CAP };
    case 'review': {
      const subjects = ctx.reviewSubjects ?? [];
      if (subjects.length < 2) return { kind, runIds: all.slice(0, 4) };
      return { kind, runIds: [...new Set(subjects.map((s) => s.runId))], subjects: subjects.slice(0, 4).map((s) => ({ runId: s.runId, checkpoint: s.checkpoint })) };
    }
    case 'notes':
      return { kind, runIds: ctx.selectedRuns.map((r) => r.id) };
    case 'text':
      return { kind, title: 'Summary', markdown: '' };
  }
}

/** A new report: runs, curves and findings of what is selected, plus comparisons when evals are. */
export function newReport(id: string, ctx: ComposeContext, date: string, nowMs: number): ReportSpec {
  const hasEval = ctx.selectedRuns.some(isEval);
  const hasSweep = ctx.selectedRuns.some(isSweep);
  const hasTraining = ctx.selectedRuns.some((r) => !isEval(r) && !isSweep(r));
  const kinds: ReportSectionKind[] = ['text', 'runs', ...(hasTraining ? (['curves', 'findings'] as const) : []), ...(hasEval ? (['comparison', 'plane'] as const) : []), ...(hasSweep ? (['robustness'] as const) : []), 'notes'];
  return { version: 1, id, title: 'Training report', authors: '', date, sections: kinds.map((k) => newSection(k, ctx)), updatedAtMs: nowMs };
}

/** Moves section `i` by `delta` places (clamped); the same array when it cannot move. */
export function moveSection(sections: readonly ReportSection[], i: number, delta: number): ReportSection[] {
  const j = Math.max(0, Math.min(sections.length - 1, i + delta));
  if (i === j || i < 0 || i >= sections.length) return [...sections];
  const out = [...sections];
  const [s] = out.splice(i, 1);
  if (s) out.splice(j, 0, s);
  return out;
}

/** A report id: short, file-name safe, unique enough for one workspace. */
export function newReportId(nowMs: number, random: () => number = Math.random): string {
  return `r-${nowMs.toString(36)}-${Math.floor(random() * 36 ** 6).toString(36)}`;
}
