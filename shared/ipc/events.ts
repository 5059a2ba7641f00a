import { z } from 'zod';

export const ImportProgress = z.object({
  jobId: z.string(),
  sourceId: z.string(),
  phase: z.enum(['scanning', 'importing', 'finishing']),
  filesDone: z.number().int(),
  filesTotal: z.number().int(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  currentFile: z.string().nullable(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export const ImportDone = z.object({
  jobId: z.string(),
  sourceId: z.string(),
  runsImported: z.number().int(),
  /** Live runs continued from where they were left (only their new bytes read). */
  runsAppended: z.number().int(),
  runsSkipped: z.number().int(),
  warnings: z.number().int(),
  cancelled: z.boolean(),
  error: z.string().nullable(),
});
export type ImportDone = z.infer<typeof ImportDone>;

/** Events the host pushes. Names: `area:past-tense` (progress is the one continuous stream). */
export const events = {
  'import:progress': ImportProgress,
  'import:done': ImportDone,
  'library:changed': z.object({ reason: z.string() }),
} as const satisfies Record<string, z.ZodTypeAny>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
