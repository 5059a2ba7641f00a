import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawLogImporter } from '../../../main/importers/raw-log';
import { isLogName } from '../../../main/importers/raw-log/detect';
import type { ImportRecord, LogLinesRecord, WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource } from '../../helpers/importers';
import { fixturesDir } from '../../helpers/paths';

const root = path.join(fixturesDir, 'raw-log');

function logFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const full = path.join(dir, n);
    return statSync(full).isDirectory() ? logFiles(full) : isLogName(n) ? [full] : [];
  });
}

async function parseCut(file: string, bytes: Uint8Array, cut: number): Promise<{ points: number; lines: number; warnings: WarningRecord[] }> {
  const recs: ImportRecord[] = await collect(rawLogImporter, memorySource({ [file]: bytes.subarray(0, cut) }, file));
  let points = 0;
  let lines = 0;
  for (const r of recs) {
    if (r.kind === 'scalars') points += r.steps.length;
    else if (r.kind === 'log-lines') lines += (r as LogLinesRecord).lines.length;
  }
  return { points, lines, warnings: recs.filter((r): r is WarningRecord => r.kind === 'warning') };
}

/** Every offset for small files; for big ones a stride plus the bytes around every tenth line end. */
function cutsFor(bytes: Uint8Array): number[] {
  if (bytes.length <= 6000) return Array.from({ length: bytes.length + 1 }, (_, i) => i);
  const cuts = new Set<number>([0, bytes.length]);
  const stride = Math.max(1, Math.floor(bytes.length / 1500));
  for (let i = 0; i < bytes.length; i += stride) cuts.add(i);
  let nl = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) if (nl++ % 10 === 0) for (const d of [-1, 0, 1, 2]) cuts.add(Math.min(bytes.length, Math.max(0, i + d)));
  return [...cuts].sort((a, b) => a - b);
}

describe('raw-log truncation: every fixture cut at every offset (or a dense stride)', () => {
  const files = logFiles(root);

  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files.map((f) => [path.relative(root, f).replaceAll(path.sep, '/'), f]))('%s', async (rel, full) => {
    const bytes = new Uint8Array(readFileSync(full));
    let prev = { points: -1, lines: -1 };
    for (const cut of cutsFor(bytes)) {
      const got = await parseCut(rel, bytes, cut);
      // Monotone: more bytes never lose a point or a line.
      expect(got.points, `points at cut ${cut}`).toBeGreaterThanOrEqual(prev.points);
      expect(got.lines, `lines at cut ${cut}`).toBeGreaterThanOrEqual(prev.lines);
      prev = got;
      const midLine = cut > 0 && bytes[cut - 1] !== 0x0a;
      const tail = got.warnings.filter((w) => w.message.includes('has no line end'));
      if (midLine) {
        // A cut inside a line names the file and the byte where that line starts.
        expect(tail, `cut ${cut}`).toHaveLength(1);
        expect(tail[0]?.file).toBe(rel);
        expect(tail[0]?.offset).toBe(bytes.lastIndexOf(0x0a, cut - 1) + 1);
      } else expect(tail, `cut ${cut}`).toEqual([]);
    }
  }, 120_000);

  it('the uncut NaN-grad-norm excerpt: three iteration lines, 12 numeric fields each, on 5 lines', async () => {
    const full = files.find((f) => f.endsWith('issue-396_nan_grad_norm_megatron.excerpt.log')) as string;
    const bytes = new Uint8Array(readFileSync(full));
    const whole = await parseCut('x.log', bytes, bytes.length);
    expect(whole.points).toBe(36); // three iteration lines x 12 numeric fields
    expect(whole.lines).toBe(5);
  });
});

describe('raw-log never throws on arbitrary bytes', () => {
  it('random bytes, random text with control characters, long lines', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 3000 }),
          fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\r', '\x1b', '[', ']', '{', '}', "'", ':', '|', '-', '0', '.', 'e', 'nan', 'step:', 'iteration 1/ 2 |', "{'loss': ", '\x00', '\u00e9') }).map((s) => new TextEncoder().encode(s)),
        ),
        async (bytes) => {
          const recs = await collect(rawLogImporter, memorySource({ 'r.log': bytes }, 'r.log'));
          const lines = recs.filter((r): r is LogLinesRecord => r.kind === 'log-lines').reduce((a, r) => a + r.lines.length, 0);
          let expected = 0;
          for (const b of bytes) if (b === 0x0a) expected++;
          if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) expected++;
          expect(lines).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
