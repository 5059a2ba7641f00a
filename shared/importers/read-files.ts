import type { RunSource } from './importer';
import type { WarningRecord } from './records';

export type FileRead = { file: string; bytes: Uint8Array; warning?: undefined } | { file: string; bytes?: undefined; warning: WarningRecord };

/**
 * Reads a run's files in order, turning an unreadable file into a warning instead of an exception (the importer
 * contract: parse never throws). Stops when the import is cancelled.
 */
export async function* readRunFiles(src: RunSource, signal: AbortSignal): AsyncGenerator<FileRead> {
  for (const file of src.files) {
    if (signal.aborted) return;
    try {
      yield { file, bytes: await src.readFile(file) };
    } catch (err) {
      yield { file, warning: { kind: 'warning', file, offset: null, message: `Could not read the file: ${err instanceof Error ? err.message : String(err)}` } };
    }
  }
}
