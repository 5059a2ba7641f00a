import { describe, expect, it } from 'vitest';
import { Engine } from '../../../main/db/engine';

/** Issue 12 "no network": the cache engine never fetches DuckDB extensions on its own. */
describe('Engine', () => {
  it('opens with extension auto-install and auto-load off, and still writes Parquet (built in)', async () => {
    const engine = await Engine.open(':memory:');
    try {
      const rows = (await engine.writer.runAndReadAll(`SELECT current_setting('autoinstall_known_extensions') AS i, current_setting('autoload_known_extensions') AS l`)).getRowObjectsJS();
      expect(rows[0]).toEqual({ i: false, l: false });
      const loaded = (await engine.writer.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM duckdb_extensions() WHERE extension_name = 'parquet' AND loaded`)).getRowObjectsJS();
      expect(loaded[0]?.n).toBe(1);
    } finally {
      await engine.close();
    }
  });
});
