import { z } from 'zod';
import { RunFormat } from './run';

/**
 * Which columns of a generic table run are its axes. `step: null` numbers the rows (0, 1, 2…) instead of reading a
 * column; `wall: null` means the table has no wall-time column.
 */
export const TableColumnChoice = z
  .object({
    step: z.string().min(1).max(1000).nullable(),
    wall: z.string().min(1).max(1000).nullable(),
  })
  .strict();
export type TableColumnChoice = z.infer<typeof TableColumnChoice>;

/** A folder two formats claim equally: it is read as `chosen` when the user picked one, else as `formats[0]`. */
export const FolderTie = z.object({
  sourceId: z.string(),
  /** The folder, relative to the source root ('' = the root). */
  folder: z.string(),
  formats: z.array(RunFormat).min(2),
  chosen: RunFormat.nullable(),
});
export type FolderTie = z.infer<typeof FolderTie>;

/** A table run's columns, the one detection picked as the step, and the user's choice (null = automatic). */
export const TableColumns = z.object({
  runId: z.string(),
  columns: z.array(z.string()),
  detectedStep: z.string().nullable(),
  choice: TableColumnChoice.nullable(),
});
export type TableColumns = z.infer<typeof TableColumns>;
