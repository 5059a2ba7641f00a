import { z } from 'zod';
import type { TableColumnChoice } from '../../../shared/domain/import-choices';

/**
 * The table importer's per-run options as they travel in `RunSource.options` (strings only): `stepColumn` names the
 * step column, `stepIsRowNumber: 'true'` numbers the rows instead, `wallColumn` names a wall-time column (seconds
 * since the epoch). Absent keys keep the detected behaviour.
 */
const RawOptions = z.object({
  stepColumn: z.string().min(1).optional(),
  stepIsRowNumber: z.literal('true').optional(),
  wallColumn: z.string().min(1).optional(),
});

export type StepChoice = { readonly kind: 'detected' } | { readonly kind: 'row' } | { readonly kind: 'column'; readonly name: string };

export interface TableOptions {
  readonly step: StepChoice;
  readonly wall: string | null;
}

export const DETECTED: TableOptions = { step: { kind: 'detected' }, wall: null };

/** Options from the host; anything malformed is ignored (the detected columns are used), never a failed import. */
export function readTableOptions(raw: Readonly<Record<string, string>> | undefined): TableOptions {
  const parsed = RawOptions.safeParse(raw ?? {});
  if (!parsed.success) return DETECTED;
  const o = parsed.data;
  const step: StepChoice = o.stepIsRowNumber ? { kind: 'row' } : o.stepColumn !== undefined ? { kind: 'column', name: o.stepColumn } : { kind: 'detected' };
  return { step, wall: o.wallColumn ?? null };
}

/** The options bag for the user's column choice (the host stores the choice, the importer reads the bag). */
export function tableOptionsFor(choice: TableColumnChoice): Record<string, string> {
  return {
    ...(choice.step === null ? { stepIsRowNumber: 'true' } : { stepColumn: choice.step }),
    ...(choice.wall === null ? {} : { wallColumn: choice.wall }),
  };
}

/**
 * The step column for a file with these columns: the chosen one when the file has it, null for row numbers, else the
 * detected one. `missing` names a chosen column the file lacks, for a warning.
 */
export function resolveStepColumn(columns: readonly string[], options: TableOptions, detect: (names: readonly string[]) => string | null): { column: string | null; missing: string | null } {
  const { step } = options;
  if (step.kind === 'row') return { column: null, missing: null };
  if (step.kind === 'column') {
    if (columns.includes(step.name)) return { column: step.name, missing: null };
    return { column: detect(columns), missing: step.name };
  }
  return { column: detect(columns), missing: null };
}
