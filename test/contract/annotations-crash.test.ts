import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTempOf } from '../../main/platform/atomic-write';
import { AnnotationsService } from '../../main/services/annotations';
import { seededPrng } from '../../shared/util/prng';
import { runAndKill } from '../helpers/kill-child';
import { tempDir } from '../helpers/paths';

/** Lets the writer acknowledge `saves` saves, then kill -9 after a random few ms; resolves with the last acknowledged count. */
async function killMidSave(dir: string, saves: number, extraMs: number): Promise<number> {
  let seen = 0;
  const run = await runAndKill('test/helpers/annotation-writer.ts', [dir], { decide: (line) => (/^saved \d+$/.test(line) && ++seen === saves ? extraMs : null) });
  const acked = run.lines.map((l) => /^saved (\d+)$/.exec(l)).filter((m) => m !== null);
  return Number(acked[acked.length - 1]?.[1] ?? -1);
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
    // Nothing but the notes file, the previous version kept as its backup and, at most, temp files of killed writes.
    const other = (await readdir(t.dir)).filter((f) => f !== 'annotations.json' && f !== 'annotations.json.bak' && !isTempOf(f, 'annotations.json'));
    expect(other).toEqual([]);
  }, 120_000);
});
