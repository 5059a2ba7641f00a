import type { JsonObject } from '../../../shared/util/tolerant-json';
import { parseTolerantJson } from '../../../shared/util/tolerant-json';
import type { TextLines } from './lines';

export type JsonlEntry =
  | { readonly kind: 'row'; readonly value: JsonObject; readonly lineNo: number; readonly offset: number }
  | { readonly kind: 'bad'; readonly lineNo: number; readonly offset: number; readonly isTail: boolean; readonly reason: string };

/**
 * JSON Lines as Python writes them (`NaN`/`Infinity` tokens allowed). A complete line that is not a JSON object is
 * reported and skipped; reading goes on. The last line without its newline is kept when it parses as a whole object
 * (a closed `}` cannot be a cut), and reported as unfinished otherwise.
 */
export function* readJsonl({ lines, tail }: TextLines): Generator<JsonlEntry> {
  const all = tail ? [...lines, tail] : lines;
  for (const line of all) {
    if (line.text.trim() === '') continue;
    const isTail = line === tail;
    let value: unknown;
    try {
      value = parseTolerantJson(line.text);
    } catch (err) {
      yield { kind: 'bad', lineNo: line.lineNo, offset: line.offset, isTail, reason: err instanceof Error ? err.message : String(err) };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'bad', lineNo: line.lineNo, offset: line.offset, isTail: false, reason: 'not a JSON object' };
      continue;
    }
    yield { kind: 'row', value: value as JsonObject, lineNo: line.lineNo, offset: line.offset };
  }
}
