import type { WarningRecord } from '../../../shared/importers/records';

/** One wording for every text format: the line number for people, the byte offset for the contract. */
export function unfinishedLineWarning(file: string, at: { lineNo: number; offset: number }): WarningRecord {
  return {
    kind: 'warning',
    file,
    offset: at.offset,
    message: `Line ${at.lineNo} (byte ${at.offset}) is unfinished: still being written, or cut by a crash. It was not read.`,
  };
}

export function badLineWarning(file: string, at: { lineNo: number; offset: number }, reason: string): WarningRecord {
  return { kind: 'warning', file, offset: at.offset, message: `Line ${at.lineNo} (byte ${at.offset}) was skipped: ${reason}.` };
}

/** Many bad rows become one warning (naming the first), so a damaged file does not bury the run in warnings. */
export class RowProblems {
  private count = 0;
  private first: { lineNo: number; offset: number } | null = null;

  constructor(
    private readonly file: string,
    private readonly what: string,
  ) {}

  add(at: { lineNo: number; offset: number }): void {
    if (this.count++ === 0) this.first = at;
  }

  warning(): WarningRecord | null {
    if (this.count === 0 || this.first === null) return null;
    return {
      kind: 'warning',
      file: this.file,
      offset: this.first.offset,
      message: `${this.what}: ${this.count} ${this.count === 1 ? 'row' : 'rows'}, first at line ${this.first.lineNo}.`,
    };
  }
}

/** A JSONL line that did not parse: unfinished when it is the last line without its newline, skipped otherwise. */
export function jsonlLineWarning(file: string, entry: { lineNo: number; offset: number; isTail: boolean; reason: string }): WarningRecord {
  return entry.isTail ? unfinishedLineWarning(file, entry) : badLineWarning(file, entry, entry.reason);
}
