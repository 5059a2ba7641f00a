import type { Database } from 'sql.js';
import { loadSqlite } from './engine';
import { readableImage } from './image';

export interface Opened {
  /** Null when nothing of the file can be read. The caller closes it. */
  readonly db: Database | null;
  /** What is wrong with the file, for a warning; null when nothing is. */
  readonly damage: string | null;
}

/** Opens a database file's bytes in memory (sql.js copies them into its own heap; the file is never written). */
export async function openDb(file: Uint8Array): Promise<Opened> {
  const image = readableImage(file);
  if (image.bytes === null) return { db: null, damage: image.damage };
  const sqlite = await loadSqlite();
  try {
    return { db: new sqlite.Database(image.bytes), damage: image.damage };
  } catch (err) {
    return { db: null, damage: image.damage ?? `SQLite could not open the file: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export function closeDb(db: Database): void {
  try {
    db.close();
  } catch {
    // A damaged file's handle may fail to close cleanly; its memory goes with it either way.
  }
}
