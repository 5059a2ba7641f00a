import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { wandbImporter } from '../../../main/importers/wandb';
import type { ImportRecord, WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource } from '../../helpers/importers';
import { fixturesDir } from '../../helpers/paths';

const root = path.join(fixturesDir, 'wandb');
const BLOCK = 32768;

function listFiles(dir: string, rel = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const abs = path.join(dir, name);
      const r = rel === '' ? name : `${rel}/${name}`;
      return statSync(abs).isDirectory() ? listFiles(abs, r) : [r];
    });
}

const all = listFiles(root);
const logs = all.filter((f) => f.endsWith('.wandb'));
const jsonFiles = all.filter((f) => f.endsWith('.json'));
const textFiles = all.filter((f) => f.endsWith('.yaml') || f.endsWith('.log'));

const points = (recs: ImportRecord[]) => recs.reduce((n, r) => n + (r.kind === 'scalars' ? r.steps.length : 0), 0);
const lineCount = (recs: ImportRecord[]) => recs.reduce((n, r) => n + (r.kind === 'log-lines' ? r.lines.length : 0), 0);
const warningsFor = (recs: ImportRecord[], file: string) => recs.filter((r): r is WarningRecord => r.kind === 'warning' && r.file === file);

/**
 * Offsets where a prefix of the log ends cleanly: after the header, after a complete record (a FULL or LAST chunk),
 * or inside the zero padding that follows one. Found by walking the chunk headers, independently of the importer.
 */
function cleanCuts(buf: Uint8Array): Set<number> {
  const clean = new Set<number>([7]);
  let pos = 7;
  while (pos + 7 <= buf.length) {
    const room = BLOCK - (pos % BLOCK);
    if (room < 7) {
      pos += room;
      continue;
    }
    const len = (buf[pos + 4] as number) | ((buf[pos + 5] as number) << 8);
    const type = buf[pos + 6] as number;
    pos += 7 + len;
    if (type === 1 || type === 4) {
      clean.add(pos);
      const left = BLOCK - (pos % BLOCK);
      if (left < 7) for (let p = pos + 1; p <= pos + left; p++) clean.add(p);
    }
  }
  return clean;
}

/** Every offset for files up to 8 KB; otherwise about 500 spread cuts, the last 64 bytes, and both sides of 60 record ends. */
function cuts(length: number, clean: Set<number>): number[] {
  const out = new Set<number>();
  const stride = length <= 8192 ? 1 : Math.ceil(length / 500);
  for (let c = 0; c <= length; c += stride) out.add(c);
  for (let c = Math.max(0, length - 64); c <= length; c++) out.add(c);
  const ends = [...clean].sort((a, b) => a - b);
  for (let i = 0; i < ends.length; i += Math.max(1, Math.floor(ends.length / 60))) {
    const e = ends[i] as number;
    for (const c of [e - 1, e, e + 1]) if (c >= 0 && c <= length) out.add(c);
  }
  return [...out].sort((a, b) => a - b);
}

describe('wandb truncation: cutting each fixture file anywhere', () => {
  it('covers every kind of file in the fixture', () => {
    expect(logs).toHaveLength(5);
    expect(jsonFiles).toHaveLength(10);
    expect(textFiles).toHaveLength(10);
  });

  it.each(logs)(
    '%s: never throws, points never drop as the cut grows, a cut mid-record warns with the file and offset, a clean cut does not',
    async (file) => {
      const bytes = new Uint8Array(readFileSync(path.join(root, file)));
      const clean = cleanCuts(bytes);
      const dir = path.posix.dirname(file);
      let prev = 0;
      let midRecordCuts = 0;
      for (const cut of cuts(bytes.length, clean)) {
        const recs = await collect(wandbImporter, memorySource({ [file]: bytes.subarray(0, cut) }, dir));
        const n = points(recs);
        expect(n, `cut ${cut}`).toBeGreaterThanOrEqual(prev);
        prev = n;
        const w = warningsFor(recs, file);
        if (clean.has(cut)) {
          expect(w, `cut ${cut}`).toEqual([]);
        } else {
          midRecordCuts++;
          expect(w, `cut ${cut}`).toHaveLength(1);
          expect(w[0]?.offset ?? Number.NaN, `cut ${cut}`).toBeLessThanOrEqual(cut);
          expect(w[0]?.message, `cut ${cut}`).toMatch(cut < 7 ? /empty|header/ : /ends inside a record/);
        }
        expect(recs.filter((r) => r.kind === 'run-meta'), `cut ${cut}`).toHaveLength(1);
      }
      expect(midRecordCuts).toBeGreaterThan(0);
      const whole = await collect(wandbImporter, memorySource({ [file]: bytes }, dir));
      expect(warningsFor(whole, file)).toEqual([]);
      expect(prev).toBe(points(whole));
    },
    120_000,
  );

  it.each(jsonFiles)('%s: a cut JSON side file never throws and warns when it stops mid-document', async (file) => {
    const bytes = new Uint8Array(readFileSync(path.join(root, file)));
    const full = new TextDecoder().decode(bytes).trim();
    const dir = path.posix.dirname(path.posix.dirname(file));
    const stride = Math.max(1, Math.ceil(bytes.length / 400));
    for (let cut = 0; cut <= bytes.length; cut += stride) {
      const recs = await collect(wandbImporter, memorySource({ [file]: bytes.subarray(0, cut) }, dir));
      const isCut = new TextDecoder().decode(bytes.subarray(0, cut)).trim().length < full.length;
      expect(warningsFor(recs, file).length > 0, `cut ${cut}`).toBe(isCut);
    }
  });

  it.each(textFiles)('%s: a cut config.yaml or output.log never throws, and console lines never drop as the cut grows', async (file) => {
    const bytes = new Uint8Array(readFileSync(path.join(root, file)));
    const dir = path.posix.dirname(path.posix.dirname(file));
    let prev = 0;
    const stride = Math.max(1, Math.ceil(bytes.length / 120));
    for (let cut = 0; cut <= bytes.length; cut += stride) {
      const recs = await collect(wandbImporter, memorySource({ [file]: bytes.subarray(0, cut) }, dir));
      expect(recs.at(-1)?.kind, `cut ${cut}`).toBe('run-meta');
      const n = lineCount(recs);
      expect(n, `cut ${cut}`).toBeGreaterThanOrEqual(prev);
      prev = n;
    }
  });
});
