import type { Detection, DirNode, Peek } from '../../../../shared/importers/importer';
import { joinRel } from '../../../../shared/importers/importer';
import { isSqliteHeader } from './image';
import { closeDb, openDb } from './open';
import { isMlflowStore, listRuns } from './store';

/** SQLite's smallest valid file: one 512-byte page. */
const MIN_DB_BYTES = 512;

/** `<db>/<experiment_id>/<run_uuid>`: the run path of a run stored in a database file. */
export function dbRunPath(dbFile: string, experimentId: string, runUuid: string): string {
  return `${dbFile}/${experimentId}/${runUuid}`;
}

/** The database file and run id of a run path made by dbRunPath, or null when `relPath` is not one. */
export function splitDbRunPath(relPath: string, dbFile: string): { runUuid: string } | null {
  if (!relPath.startsWith(`${dbFile}/`)) return null;
  const parts = relPath.slice(dbFile.length + 1).split('/');
  const runUuid = parts[1];
  return parts.length === 2 && runUuid !== undefined && runUuid !== '' ? { runUuid } : null;
}

/**
 * MLflow's SQL tracking store in a SQLite file (`mlflow.db`, the default since MLflow 3.7; any `*.db` with MLflow's
 * `runs` and `metrics` tables): one detection per run, all sharing the file. The file is read whole: listing runs
 * needs the engine. A non-empty `-wal` beside it holds writes not yet checkpointed; it joins the files so a change
 * to it is noticed, and parse warns about it.
 */
export async function detectMlflowDb(dir: DirNode, peek: Peek): Promise<Detection[]> {
  const out: Detection[] = [];
  for (const f of dir.files) {
    if (!f.name.endsWith('.db') || f.size < MIN_DB_BYTES) continue;
    const rel = joinRel(dir.relPath, f.name);
    try {
      if (!isSqliteHeader(await peek(rel, 16))) continue;
      const { db } = await openDb(await peek(rel, f.size));
      if (!db) continue;
      try {
        if (!isMlflowStore(db)) continue;
        const wal = dir.files.find((w) => w.name === `${f.name}-wal` && w.size > 0);
        const files = wal ? [rel, joinRel(dir.relPath, wal.name)] : [rel];
        for (const r of listRuns(db).runs) out.push({ confidence: 0.95, runPath: dbRunPath(rel, r.experimentId, r.runUuid), files });
      } finally {
        closeDb(db);
      }
    } catch {
      // A file detect cannot read (gone, locked, not a database after all) is simply not claimed.
    }
  }
  return out;
}
