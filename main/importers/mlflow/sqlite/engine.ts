import type { SqlJsStatic } from 'sql.js';

let engine: Promise<SqlJsStatic> | null = null;

/**
 * SQLite compiled to WebAssembly, the wasm inlined in the script: no file or network access at run time, so importers
 * stay pure. Loaded on first use (about 1 MB of script) and kept: most libraries hold no SQLite store.
 */
export function loadSqlite(): Promise<SqlJsStatic> {
  engine ??= import('sql.js/dist/sql-wasm-inline.js').then((m) => m.default()).catch((err: unknown) => {
    engine = null;
    throw err;
  });
  return engine;
}
