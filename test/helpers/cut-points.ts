import { parseTolerantJson } from '../../shared/util/tolerant-json';

/**
 * Where a fixture file can be cut, per on-disk format: the record boundaries (a cut there leaves a shorter but whole
 * file, which no reader can tell from a finished one) and whether a cut at a given byte leaves damage a reader can see.
 */

/** How a file is framed, which decides what a cut in it looks like. */
export type FileKind =
  /** TFRecord framing: u64 length, u32 crc, data, u32 crc, repeated. */
  | 'tfevents'
  /** W&B transaction log: LevelDB log blocks of 32 KiB after a 7-byte header. */
  | 'wandb-log'
  /** Newline-terminated text records: CSV/TSV rows, MLflow metric lines, log lines. */
  | 'lines'
  /** One JSON value per line. */
  | 'jsonl'
  /** One JSON document (trainer_state.json, lm-eval results, wandb-summary.json…). */
  | 'json'
  /** One YAML document (hparams.yaml, meta.yaml, config.yaml…). */
  | 'yaml'
  /** A bare value with no terminator (MLflow params/ and tags/ files). */
  | 'value'
  /** A SQLite database file. */
  | 'sqlite';

const SQLITE_MAGIC = 'SQLite format 3\0';

/** Null for a file no rule covers: the caller must then decide, not guess. */
export function kindOf(file: string, bytes: Uint8Array): FileKind | null {
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (new TextDecoder().decode(bytes.subarray(0, SQLITE_MAGIC.length)) === SQLITE_MAGIC) return 'sqlite';
  if (base.includes('tfevents')) return 'tfevents';
  if (base.endsWith('.wandb')) return 'wandb-log';
  if (base.endsWith('.jsonl')) return 'jsonl';
  if (base.endsWith('.json')) return 'json';
  if (base.endsWith('.yaml') || base.endsWith('.yml')) return 'yaml';
  if (/\.(csv|tsv|log)$/.test(base)) return 'lines';
  // MLflow file store: mlruns/<exp>/<run>/{metrics,params,tags}/<key>, keys may hold '/' (nested folders).
  const inRun = /(^|\/)mlruns\/[^/]+\/[^/]+\/(metrics|params|tags)\//.exec(file);
  if (inRun?.[2] === 'metrics') return 'lines';
  if (inRun) return 'value';
  return null;
}

/** Offsets just after each whole record (0 included): cutting at one of them leaves whole records only. */
export function recordEnds(kind: FileKind, bytes: Uint8Array): number[] {
  switch (kind) {
    case 'lines':
    case 'jsonl':
    case 'yaml':
      return [0, ...[...bytes.keys()].filter((i) => bytes[i] === 0x0a).map((i) => i + 1)];
    case 'tfevents':
      return tfrecordEnds(bytes);
    case 'wandb-log':
      return wandbRecordEnds(bytes);
    case 'sqlite':
      return sqlitePageEnds(bytes);
    default:
      return [0];
  }
}

function tfrecordEnds(bytes: Uint8Array): number[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ends = [0];
  let off = 0;
  while (off + 12 <= bytes.length) {
    const len = Number(dv.getBigUint64(off, true));
    const next = off + 12 + len + 4;
    if (next > bytes.length) break;
    ends.push(next);
    off = next;
  }
  return ends;
}

/** Page boundaries: a reader keeps whole pages. Page size is a big-endian u16 at byte 16 (1 meaning 65536). */
function sqlitePageEnds(bytes: Uint8Array): number[] {
  const raw = bytes.length >= 18 ? ((bytes[16] ?? 0) << 8) | (bytes[17] ?? 0) : 0;
  const page = raw === 1 ? 65536 : raw;
  if (page < 512) return [0];
  return Array.from({ length: Math.floor(bytes.length / page) + 1 }, (_, i) => i * page);
}

const BLOCK = 32768;
const CHUNK_HEADER = 7;

/** Ends of FULL and LAST chunks (a record is whole there), plus the end of the file header. */
function wandbRecordEnds(bytes: Uint8Array): number[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ends = [0, CHUNK_HEADER];
  let off = CHUNK_HEADER;
  for (;;) {
    const left = BLOCK - (off % BLOCK);
    if (left < CHUNK_HEADER) {
      off += left;
      continue;
    }
    if (off + CHUNK_HEADER > bytes.length) break;
    const len = dv.getUint16(off + 4, true);
    const type = bytes[off + 6];
    if (type === 0) {
      off += left;
      continue;
    }
    const next = off + CHUNK_HEADER + len;
    if (next > bytes.length) break;
    if (type === 1 || type === 4) ends.push(next);
    off = next;
  }
  return ends;
}

const isBlank = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * Whether cutting `bytes` at `cut` leaves damage a reader can detect, so a warning is owed. The exceptions, where a cut
 * file is indistinguishable from a whole one:
 * - any format cut at a record end (the cut removes whole records only; for a TFRecord or W&B log also the file's
 *   start, and for text a cut leaving only blanks after the last newline);
 * - W&B logs cut inside the zero padding that ends a block (a writer pads there before the next block);
 * - a JSON Lines tail that is itself a whole JSON value (only its newline is missing, nothing is lost);
 * - YAML documents: a cut line is a shorter scalar, a cut document a shorter mapping, both valid YAML;
 * - MLflow param/tag files: one bare value with no terminator, so a shorter value is a valid value;
 * - JSON documents cut after the last non-blank byte (only trailing blanks are lost).
 * A JSON document cut anywhere else is damaged (a proper prefix of an object is never valid JSON), including at byte 0:
 * an empty file is not a JSON document. A SQLite file cut anywhere past byte 0 is damaged, at a page boundary too: its
 * header gives the database's size in pages.
 */
export function cutIsVisible(kind: FileKind, bytes: Uint8Array, cut: number): boolean {
  if (cut >= bytes.length) return false;
  switch (kind) {
    case 'lines': {
      const tail = bytes.subarray(bytes.subarray(0, cut).lastIndexOf(0x0a) + 1, cut);
      return !tail.every(isBlank);
    }
    case 'jsonl': {
      const tail = new TextDecoder().decode(bytes.subarray(bytes.subarray(0, cut).lastIndexOf(0x0a) + 1, cut));
      if (tail.trim() === '') return false;
      try {
        // Python-flavoured, as the writers are: `NaN` and `Infinity` are whole values there.
        parseTolerantJson(tail);
        return false;
      } catch {
        return true;
      }
    }
    case 'tfevents':
      return !tfrecordEnds(bytes).includes(cut);
    case 'wandb-log': {
      const ends = wandbRecordEnds(bytes);
      if (ends.includes(cut)) return false;
      const last = ends.filter((e) => e <= cut).reduce((a, b) => Math.max(a, b), 0);
      const pad = BLOCK - (last % BLOCK);
      return !(pad < CHUNK_HEADER && cut - last <= pad);
    }
    case 'json':
      return bytes.subarray(cut).some((b) => !isBlank(b));
    case 'sqlite':
      return cut > 0;
    case 'yaml':
    case 'value':
      return false;
  }
}

/** The lowest offset a warning about a cut at `cut` may name: the end of the last whole record before the cut. */
export function damageStart(kind: FileKind, bytes: Uint8Array, cut: number): number {
  return recordEnds(kind, bytes)
    .filter((e) => e <= cut)
    .reduce((a, b) => Math.max(a, b), 0);
}
