import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dvcliveImporter } from '../../../main/importers/dvclive';
import { scanSource } from '../../../main/services/import-source';
import type { Importer } from '../../../shared/importers/importer';
import type { WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../helpers/importers';
import { fixturesDir } from '../../helpers/paths';

const importer: Importer = dvcliveImporter;
const root = path.join(fixturesDir, 'dvclive');
const isTableFile = (f: string) => f.endsWith('.tsv');
/** A CSV row cannot prove it is complete without its newline: any text after the last newline is mid-record. */
const isMidRecord = (tail: string) => tail.trim() !== '';

/** Every offset of small files; for big ones, a stride plus both sides of (a sample of) line ends. */
function cutsOf(bytes: Uint8Array): number[] {
  if (bytes.length <= 8192) return Array.from({ length: bytes.length + 1 }, (_, i) => i);
  const ends = [...bytes.keys()].filter((i) => bytes[i] === 0x0a);
  const every = Math.max(1, Math.ceil(ends.length / 300));
  const cuts = new Set([0, bytes.length, ...ends.filter((_, k) => k % every === 0).flatMap((i) => [i, i + 1])]);
  for (let c = 0; c < bytes.length; c += Math.ceil(bytes.length / 400)) cuts.add(c);
  return [...cuts].sort((a, b) => a - b);
}

describe('dvclive truncation at every offset of every fixture file', async () => {
  const { scan } = await scanSource(root, [importer]);
  const cases = scan.claims.flatMap((claim) => claim.files.filter(isTableFile).map((file) => ({ claim, file })));

  it('finds the fixture files', () => expect(cases.length).toBeGreaterThanOrEqual(8));

  it.each(cases.map((c) => [c.file, c] as const))('%s: never throws, points never shrink as the cut grows, a mid-record cut warns', async (_, { claim, file }) => {
    const whole = Object.fromEntries(claim.files.map((f) => [f, new Uint8Array(readFileSync(path.join(root, f)))]));
    const full = whole[file] as Uint8Array;
    let prev = -1;
    for (const cut of cutsOf(full)) {
      const recs = await collect(importer, memorySource({ ...whole, [file]: full.subarray(0, cut) }, claim.relPath));
      const points = [...seriesOf(recs).values()].reduce((a, s) => a + s.steps.length, 0);
      expect(points, `cut ${cut}`).toBeGreaterThanOrEqual(prev);
      prev = points;
      const lineStart = full.subarray(0, cut).lastIndexOf(0x0a) + 1;
      if (isMidRecord(new TextDecoder().decode(full.subarray(lineStart, cut)))) {
        const w = recs.find((r): r is WarningRecord => r.kind === 'warning' && r.file === file && r.offset === lineStart);
        expect(w?.message, `cut ${cut}`).toMatch(/^Line \d+ \(byte \d+\) is unfinished/);
      }
    }
    expect(prev).toBeGreaterThan(0);
  });
});
