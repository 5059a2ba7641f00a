import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnnotationsService } from '../../main/services/annotations';
import { seededPrng } from '../../shared/util/prng';
import { repoRoot, tempDir } from '../helpers/paths';

const WRITER = path.join(repoRoot, 'test', 'helpers', 'annotation-writer.ts');

/** Starts the writer, waits for `saves` acknowledged saves plus a random few ms, then kill -9; resolves with the last acknowledged count. */
function killMidSave(dir: string, saves: number, extraMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let acked = -1;
    let seen = 0;
    let buf = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const m = /^saved (\d+)$/.exec(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (!m) continue;
        acked = Number(m[1]);
        if (++seen === saves) setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`writer exited without being killed: ${stderr}`))));
  });
}

describe('annotations survive kill -9 during a save', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    t = await tempDir();
  });
  afterAll(() => t.cleanup());

  it('after each kill the file holds every acknowledged note, whole, and opens without a problem', async () => {
    const rng = seededPrng(7);
    let total = 0;
    for (let round = 0; round < 5; round++) {
      const acked = await killMidSave(t.dir, 20, rng.nextInt(25));
      const { service, problem } = await AnnotationsService.open(t.dir);
      expect(problem, `round ${round}`).toBeNull();
      const notes = service.list();
      // Every acknowledged save is on disk; at most the one in flight when killed landed too.
      expect(notes.length, `round ${round}`).toBeGreaterThanOrEqual(acked);
      expect(notes.length, `round ${round}`).toBeLessThanOrEqual(acked + 1);
      expect(notes.length).toBeGreaterThan(total);
      notes.forEach((n, i) => expect(n.text.startsWith(`note ${i} x`) && n.text.length === `note ${i} `.length + 9_000, `note ${i}`).toBe(true));
      total = notes.length;
    }
    // Nothing but the notes file and, at most, leftover temp files of killed writes.
    expect((await readdir(t.dir)).filter((f) => f !== 'annotations.json' && !/^annotations\.json\.[0-9a-f]+\.tmp$/.test(f))).toEqual([]);
  }, 120_000);
});
