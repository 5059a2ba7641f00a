import type { JsonSalvage } from '../../../shared/util/tolerant-json';
import { salvageTolerantJson } from '../../../shared/util/tolerant-json';
import { decodeUtf8 } from '../../../shared/util/protobuf';
import { byteOffsetOfUnit } from '../common/utf8-offset';

/** Where and why a JSON file could not be read in full. */
export interface JsonDamage {
  /** Byte offset in the file where parsing stopped. */
  readonly byteOffset: number;
  /** 1-based line of that byte (trainer_state.json is indented, so the line is what an editor shows). */
  readonly line: number;
  readonly isTruncated: boolean;
  /** A sentence fragment: "ends early at byte 120 (line 9)" or "Expected ',' … at byte 120 (line 9)". */
  readonly description: string;
}

export interface JsonFile {
  readonly salvage: JsonSalvage;
  readonly damage: JsonDamage | null;
}

/** Decodes and parses one JSON file, keeping what is complete when it is damaged. Never throws. */
export function readJsonFile(bytes: Uint8Array): JsonFile {
  const text = decodeUtf8(bytes);
  const salvage = salvageTolerantJson(text);
  const error = salvage.error;
  if (error === null) return { salvage, damage: null };
  const byteOffset = byteOffsetOfUnit(bytes, error.offset);
  const line = lineAt(text, error.offset);
  const where = `byte ${byteOffset} (line ${line})`;
  let description: string;
  if (text.trim() === '') description = 'the file is empty';
  else if (error.isTruncated) description = `the file ends early at ${where}, as if cut while being written`;
  else description = `${error.message.replace(/ at character \d+$/, '')} at ${where}`;
  return { salvage, damage: { byteOffset, line, isTruncated: error.isTruncated, description } };
}

function lineAt(text: string, end: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
