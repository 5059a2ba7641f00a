import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanSource } from '../../main/services/import-source';
import type { Importer } from '../../shared/importers/importer';
import type { WarningRecord } from '../../shared/importers/records';
import { collect, memorySource, seriesOf } from './importers';

export interface TruncationSpec {
  readonly name: string;
  readonly importer: Importer;
  /** Fixture folder scanned with the importer. */
  readonly root: string;
  /** Which claimed files get cut. */
  readonly isTarget: (file: string) => boolean;
  /** Whether the text after the last newline is an unfinished record (so a warning is owed). */
  readonly isMidRecord: (file: string, tail: string) => boolean;
  readonly minCases: number;
  /** Expected start of the warning message for an unfinished record. */
  readonly warning: RegExp;
}

/** Every offset of small files; for big ones, a stride plus both sides of (a sample of) line ends. */
function cutsOf(bytes: Uint8Array): number[] {
  if (bytes.length <= 8192) return Array.from({ length: bytes.length + 1 }, (_, i) => i);
  const ends = [...bytes.keys()].filter((i) => bytes[i] === 0x0a);
  const every = Math.max(1, Math.ceil(ends.length / 300));
  const cuts = new Set([0, bytes.length, ...ends.filter((_, k) => k % every === 0).flatMap((i) => [i, i + 1])]);
  for (let c = 0; c < bytes.length; c += Math.ceil(bytes.length / 400)) cuts.add(c);
  return [...cuts].sort((a, b) => a - b);
}

/**
 * Cuts every target fixture file of a line-oriented format at every offset: parsing never throws, the point count
 * never shrinks as the cut grows, and a cut inside a record gives a warning naming the file and the line's offset.
 */
export function describeTruncation(spec: TruncationSpec): void {
  describe(`${spec.name} truncation at every offset of every fixture file`, async () => {
    const { scan } = await scanSource(spec.root, [spec.importer]);
    const cases = scan.claims.flatMap((claim) => claim.files.filter(spec.isTarget).map((file) => ({ claim, file })));

    it('finds the fixture files', () => expect(cases.length).toBeGreaterThanOrEqual(spec.minCases));

    it.each(cases.map((c) => [c.file, c] as const))('%s: never throws, points never shrink as the cut grows, a mid-record cut warns', async (_, { claim, file }) => {
      const whole = Object.fromEntries(claim.files.map((f) => [f, new Uint8Array(readFileSync(path.join(spec.root, f)))]));
      const full = whole[file] as Uint8Array;
      let prev = -1;
      for (const cut of cutsOf(full)) {
        const recs = await collect(spec.importer, memorySource({ ...whole, [file]: full.subarray(0, cut) }, claim.relPath));
        const points = [...seriesOf(recs).values()].reduce((a, s) => a + s.steps.length, 0);
        expect(points, `cut ${cut}`).toBeGreaterThanOrEqual(prev);
        prev = points;
        const lineStart = full.subarray(0, cut).lastIndexOf(0x0a) + 1;
        if (spec.isMidRecord(file, new TextDecoder().decode(full.subarray(lineStart, cut)))) {
          const w = recs.find((r): r is WarningRecord => r.kind === 'warning' && r.file === file && r.offset === lineStart);
          expect(w?.message, `cut ${cut}`).toMatch(spec.warning);
        }
      }
      expect(prev).toBeGreaterThan(0);
      // One full parse per cut point: seconds for a long file, more on a loaded 2-core machine.
    }, 30_000);
  });
}

/** A CSV/TSV row cannot prove it is complete without its newline: any text after the last newline is mid-record. */
export const csvTailIsMidRecord = (_file: string, tail: string) => tail.trim() !== '';
/** A JSON object proves it is complete by its closing brace (a nested object's brace can fool this: it then asserts nothing). */
export const jsonlTailIsMidRecord = (_file: string, tail: string) => tail.trim() !== '' && !tail.trimEnd().endsWith('}');
