import type { DiagnosisEvent } from '../../domain/diagnosis';

/** One log file of a run (per-rank logs are several files), as stored: lines cleaned, launcher prefixes kept. */
export interface LogFile {
  /** Path relative to the run's source folder. */
  readonly file: string;
  readonly lines: readonly string[];
  /** 1-based line number of lines[0]. */
  readonly firstLine: number;
}

/**
 * SKELETON (a helper session fills it in): finds failure events in a run's logs with the rule table, attributes them
 * (node, rank, stage, step, time) and marks the root cause and its cascade.
 */
export function diagnoseLogs(files: readonly LogFile[]): DiagnosisEvent[] {
  void files;
  return [];
}
