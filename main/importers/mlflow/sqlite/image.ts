/** The 16 bytes every SQLite 3 database file starts with. */
const MAGIC = 'SQLite format 3\0';
const HEADER_BYTES = 100;

export function isSqliteHeader(head: Uint8Array): boolean {
  if (head.length < MAGIC.length) return false;
  for (let i = 0; i < MAGIC.length; i++) if (head[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

/** What of a database file the engine can be given, and what is wrong with the file (null: nothing seen). */
export interface DbImage {
  /** Whole pages only, the header made to agree with them; null when not even page 1 is there. */
  readonly bytes: Uint8Array | null;
  readonly damage: string | null;
}

const u16 = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u32 = (b: Uint8Array, at: number) => (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;

/**
 * Prepares a database file for reading. SQLite refuses a whole file whose header promises more pages than it holds, so a
 * file cut short (copied mid-write, a full disk) would show nothing at all: the image keeps its whole pages and says
 * so in the header, and the engine then reads every table whose pages survived and reports the rest as malformed.
 * A WAL-mode file (header bytes 18-19 = 2) is marked rollback-mode so the engine opens it without its shared-memory
 * index; the -wal file is not applied either way (the importer warns when one is there).
 */
export function readableImage(file: Uint8Array): DbImage {
  if (file.length === 0) return { bytes: null, damage: 'The database file is empty.' };
  if (file.length < HEADER_BYTES || !isSqliteHeader(file)) return { bytes: null, damage: `Not a whole SQLite database: the ${HEADER_BYTES}-byte header is missing or cut (${file.length} bytes).` };
  const raw = u16(file, 16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return { bytes: null, damage: `The header's page size (${raw}) is not one SQLite writes: the file is damaged.` };
  const wholePages = Math.floor(file.length / pageSize);
  // The in-header page count is only trusted by SQLite when the change counter matches "version-valid-for".
  const headerPages = u32(file, 24) === u32(file, 92) ? u32(file, 28) : 0;
  let damage: string | null = null;
  if (file.length % pageSize !== 0) damage = `The file ends inside page ${wholePages + 1} (${file.length} bytes, pages of ${pageSize}): it was cut short; that page and any after it were not read.`;
  else if (headerPages > wholePages) damage = `The header counts ${headerPages} pages, the file holds ${wholePages}: it was cut short; the missing pages were not read.`;
  if (wholePages === 0) return { bytes: null, damage };
  const bytes = file.slice(0, wholePages * pageSize);
  if (damage !== null) {
    new DataView(bytes.buffer).setUint32(28, wholePages);
    bytes.set(bytes.subarray(24, 28), 92);
  }
  if (bytes[18] === 2) bytes[18] = 1;
  if (bytes[19] === 2) bytes[19] = 1;
  return { bytes, damage };
}
