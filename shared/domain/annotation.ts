import { z } from 'zod';

/**
 * Notes the user pins on what RunLens shows (issue 7): a step or step range on a metric's chart, a run, a finding,
 * a comparison row. User data, kept in the workspace (annotations.json), never in the rebuildable cache; targets use
 * stable run ids (`<source hash>/<relative path>`), so notes survive a re-import.
 */

const Step = z.number().finite();

export const AnnotationTarget = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('chart'),
    metric: z.string().min(1).max(1000),
    /** The run the note is about; null = the chart as a whole. */
    runId: z.string().max(2000).nullable(),
    step: Step,
    /** Set for a range note (drawn as a shaded area from `step` to `stepEnd`). */
    stepEnd: Step.nullable(),
  }),
  z.object({ kind: z.literal('run'), runId: z.string().min(1).max(2000) }),
  z.object({ kind: z.literal('finding'), runId: z.string().min(1).max(2000), metric: z.string().max(1000), findingKind: z.string().max(40), step: Step }),
  z.object({ kind: z.literal('compare-row'), task: z.string().max(1000), metric: z.string().max(1000), filter: z.string().max(1000) }),
]);
export type AnnotationTarget = z.infer<typeof AnnotationTarget>;

export const NOTE_MAX_CHARS = 10_000;

export const Annotation = z.object({
  id: z.string().min(1).max(100),
  target: AnnotationTarget,
  /** Plain text; shown as text everywhere (never as HTML). */
  text: z.string().max(NOTE_MAX_CHARS),
  createdAtMs: z.number(),
  updatedAtMs: z.number(),
});
export type Annotation = z.infer<typeof Annotation>;

export const SaveAnnotationReq = z.object({
  /** Absent = a new note. */
  id: z.string().min(1).max(100).optional(),
  target: AnnotationTarget,
  text: z.string().trim().min(1, 'a note needs some text').max(NOTE_MAX_CHARS),
});
export type SaveAnnotationReq = z.infer<typeof SaveAnnotationReq>;

export const DeleteAnnotationReq = z.object({ id: z.string().min(1).max(100) });

export const UndoResult = z.object({
  /** What was undone ("deleted note", "edited note"…); null when there was nothing to undo. */
  undone: z.string().nullable(),
  annotations: z.array(Annotation),
});
export type UndoResult = z.infer<typeof UndoResult>;

/** The file: versioned so a later layout can migrate it. */
export const AnnotationsFile = z.object({ version: z.literal(1), annotations: z.array(Annotation) });
export type AnnotationsFile = z.infer<typeof AnnotationsFile>;
