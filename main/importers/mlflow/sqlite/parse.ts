import type { RunSource } from '../../../../shared/importers/importer';
import type { ImportRecord } from '../../../../shared/importers/records';
import { mlflowRunMeta } from '../run-meta';
import { splitDbRunPath } from './detect';
import { closeDb, openDb } from './open';
import { readRunRows } from './run-rows';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Whether a run source is a run of a SQLite store (its first file is the database, its path below it). */
export function isDbRunSource(src: RunSource): boolean {
  const db = src.files[0];
  return db !== undefined && splitDbRunPath(src.relPath, db) !== null;
}

/**
 * One run of the SQL store: its metric series, params and tags (origins as in the file store) and its run-meta. Never
 * throws: a damaged file gives a warning (offset: the file's size, where it was cut short) and what could be read.
 */
export async function* parseMlflowDbRun(src: RunSource, signal: AbortSignal): AsyncGenerator<ImportRecord> {
  const file = src.files[0];
  const at = file === undefined ? null : splitDbRunPath(src.relPath, file);
  if (file === undefined || at === null) return;
  for (const other of src.files.slice(1)) {
    if (!other.endsWith('-wal')) continue;
    const wal = await src.readFile(other).catch(() => new Uint8Array());
    if (wal.length > 0) yield { kind: 'warning', file: other, offset: null, message: `The write-ahead log holds ${wal.length} bytes not yet in ${file} (MLflow still writing, or it stopped without a checkpoint): the latest writes may be missing.` };
  }
  let bytes: Uint8Array;
  try {
    bytes = await src.readFile(file);
  } catch (err) {
    yield { kind: 'warning', file, offset: null, message: `Could not read the file: ${message(err)}` };
    return;
  }
  if (signal.aborted) return;
  let opened;
  try {
    opened = await openDb(bytes);
  } catch (err) {
    yield { kind: 'warning', file, offset: null, message: `The SQLite engine could not be loaded: ${message(err)}` };
    return;
  }
  const { db, damage } = opened;
  if (damage !== null) yield { kind: 'warning', file, offset: bytes.length, message: damage };
  if (!db) return;
  try {
    const rows = readRunRows(db, at.runUuid);
    if (rows.errors.length > 0) yield { kind: 'warning', file, offset: null, message: `Part of the run could not be read (${rows.errors.join('; ')}).` };
    else if (!rows.run) yield { kind: 'warning', file, offset: null, message: `Run ${at.runUuid} is no longer in the database.` };
    yield* rows.series;
    if (Object.keys(rows.params).length > 0) yield { kind: 'config', origin: 'params', entries: rows.params };
    if (Object.keys(rows.tags).length > 0) yield { kind: 'config', origin: 'tags', entries: rows.tags };
    const r = rows.run;
    yield mlflowRunMeta({ tags: rows.tags, runName: r?.name, status: r?.status, startTimeMs: r?.startTime, endTimeMs: r?.endTime });
  } finally {
    closeDb(db);
  }
}
