import { z } from 'zod';
import { Smoothing } from '../analysis/smoothing';
import { ReviewSubject } from './review';
import { XAxis } from './series';

/**
 * A report (issue 7): a title page and ordered sections, each naming the runs and settings it shows, so the same spec
 * renders the same report in the app, in the PDF and from the CLI. Saved as JSON in the workspace (`reports/<id>.json`),
 * versioned so later layouts can migrate it.
 */

const RunIds = z.array(z.string().max(2000)).max(200);

export const ReportSection = z.discriminatedUnion('kind', [
  /** A table of the runs: name, format, status, steps, last loss, where they came from. */
  z.object({ kind: z.literal('runs'), runIds: RunIds }),
  /** One chart per metric with the runs overlaid, as the Curves view draws them. */
  z.object({ kind: z.literal('curves'), runIds: RunIds, metrics: z.array(z.string().max(1000)).min(1).max(40), smoothing: Smoothing, x: XAxis }),
  /** The eval matrix and deltas vs a baseline. */
  z.object({ kind: z.literal('comparison'), runIds: RunIds, baselineRunId: z.string().nullable() }),
  /** The safety–reasoning plane of the same comparison. */
  z.object({ kind: z.literal('plane'), runIds: RunIds, baselineRunId: z.string().nullable() }),
  /** Robustness to weight updates of sweep runs, for one task × metric (null = the one that drops most). */
  z.object({ kind: z.literal('robustness'), runIds: RunIds, metric: z.string().nullable() }),
  /** Configs of 2–4 runs or checkpoints side by side, the keys they differ on; `subjects` (when set) are the columns, checkpoints included. */
  z.object({ kind: z.literal('review'), runIds: RunIds, subjects: z.array(ReviewSubject).min(2).max(4).optional() }),
  /** Failure diagnosis from the runs' logs: root cause with its evidence line, counts by category, goodput. */
  z.object({ kind: z.literal('diagnosis'), runIds: RunIds }),
  /** Data and behaviour audit: findings with evidence and thresholds, mixture shares against `cap`, identity, templates, behaviour. */
  z.object({ kind: z.literal('audit'), runIds: RunIds, cap: z.number().min(0).max(1) }),
  /** Findings (spikes, NaN, overfitting…) of the runs. */
  z.object({ kind: z.literal('findings'), runIds: RunIds }),
  /** Every note of the workspace on these runs' charts (all notes when runIds is empty). */
  z.object({ kind: z.literal('notes'), runIds: RunIds }),
  /** Free text, Markdown (rendered as text: no HTML). */
  z.object({ kind: z.literal('text'), title: z.string().max(200), markdown: z.string().max(100_000) }),
]);
export type ReportSection = z.infer<typeof ReportSection>;
export type ReportSectionKind = ReportSection['kind'];

export const ReportSpec = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  title: z.string().min(1).max(300),
  authors: z.string().max(500),
  /** As the author wants it printed (free text, e.g. 2026-11-25). */
  date: z.string().max(100),
  sections: z.array(ReportSection).max(100),
  updatedAtMs: z.number(),
});
export type ReportSpec = z.infer<typeof ReportSpec>;

export const SECTION_TITLES: Readonly<Record<ReportSectionKind, string>> = {
  runs: 'Runs',
  curves: 'Training curves',
  comparison: 'Eval comparison',
  plane: 'Safety vs reasoning',
  robustness: 'Robustness to weight updates',
  review: 'Config differences',
  findings: 'Findings',
  diagnosis: 'Failure diagnosis',
  audit: 'Data and behaviour audit',
  notes: 'Notes',
  text: 'Text',
};

/** The heading a section prints under. */
export function sectionTitle(s: ReportSection): string {
  return s.kind === 'text' && s.title.trim() !== '' ? s.title : SECTION_TITLES[s.kind];
}

export const ReportSummary = z.object({ id: z.string(), title: z.string(), updatedAtMs: z.number(), sections: z.number() });
export type ReportSummary = z.infer<typeof ReportSummary>;

export const ReportRef = z.object({ id: ReportSpec.shape.id });

export const PdfExport = z.object({
  fileName: z.string(),
  /** The PDF, base64 (the renderer saves it as a download). */
  pdfBase64: z.string(),
  bytes: z.number(),
});
export type PdfExport = z.infer<typeof PdfExport>;

export const HtmlExport = z.object({ fileName: z.string(), html: z.string() });

export const DataExport = z.object({
  fileName: z.string(),
  base64: z.string(),
  /** Data rows (CSV); null for Parquet. */
  rows: z.number().nullable(),
});
export type DataExport = z.infer<typeof DataExport>;
export type HtmlExport = z.infer<typeof HtmlExport>;

/** What the report's provenance appendix lists. */
export const ReportProvenance = z.object({
  appVersion: z.string(),
  generatedAtMs: z.number(),
  runs: z.array(
    z.object({
      runId: z.string(),
      name: z.string(),
      sourcePath: z.string(),
      runPath: z.string(),
      format: z.string(),
      importerVersion: z.number(),
      /** Hash over the run's files (names, sizes, modification times) when it was read. */
      fingerprint: z.string(),
    }),
  ),
});
export type ReportProvenance = z.infer<typeof ReportProvenance>;
