/**
 * The built parse worker (dist/main/parse-worker.mjs) is what the packaged app runs, from outside its asar archive,
 * where no node_modules can be resolved: it must be self-contained and answer a read like the source does.
 */
import { execFileSync } from 'node:child_process';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importers } from '../../../main/importers/registry';
import { ParseReply } from '../../../main/services/parse-protocol';
import { readClaim, scanSource } from '../../../main/services/import-source';
import { fixturesDir, repoRoot, tempDir } from '../../helpers/paths';

describe('dist/main/parse-worker.mjs', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: repoRoot, stdio: 'ignore' });
    t = await tempDir('runlens-worker-bundle-');
  }, 120_000);
  afterAll(() => t.cleanup());

  it('runs alone in a folder without node_modules and reads a run as the main thread does', async () => {
    const alone = path.join(t.dir, 'parse-worker.mjs');
    await copyFile(path.join(repoRoot, 'dist', 'main', 'parse-worker.mjs'), alone);
    const scanned = await scanSource(path.join(fixturesDir, 'tensorboard'), importers);
    const claim = scanned.scan.claims.find((c) => c.files.length > 0);
    if (!claim) throw new Error('no tensorboard fixture');
    const worker = new Worker(alone);
    try {
      const replies: ParseReply[] = [];
      const done = new Promise<void>((resolve, reject) => {
        worker.on('error', reject);
        worker.on('message', (raw: unknown) => {
          const msg = ParseReply.parse(raw);
          replies.push(msg);
          if (msg.type !== 'file') resolve();
        });
      });
      worker.postMessage({ type: 'read', id: 1, rootAbs: scanned.rootAbs, relPath: claim.relPath, files: [...claim.files], importerId: claim.importer.id, importerVersion: claim.importer.version });
      await done;
      const last = replies.at(-1);
      if (last?.type !== 'done') throw new Error(`worker answered ${JSON.stringify(last)}`);
      const here = await readClaim(scanned, claim, new AbortController().signal);
      expect(last.run.series.map((s) => [s.name, [...s.values]])).toEqual([...here.series.values()].map((s) => [s.name, [...s.values.view()]]));
      expect(last.run.series.length).toBeGreaterThan(0);
      expect(replies.filter((r) => r.type === 'file')).toHaveLength(claim.files.length);
    } finally {
      await worker.terminate();
    }
  }, 60_000);
});
