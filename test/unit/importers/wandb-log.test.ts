import { describe, expect, it } from 'vitest';
import { wandbImporter } from '../../../main/importers/wandb';
import { encodeLog, encodeRecord, frameLog, items } from '../../../main/importers/wandb/encode';
import type { LogItem } from '../../../main/importers/wandb/leveldb-log';
import { BLOCK_BYTES, CHUNK, readLog } from '../../../main/importers/wandb/leveldb-log';
import type { WarningRecord } from '../../../shared/importers/records';
import { crc32 } from '../../../shared/util/crc';
import { collect, memorySource, seriesOf } from '../../helpers/importers';

const LOG = 'r/run-x.wandb';
const records = (buf: Uint8Array) => [...readLog(buf)].filter((i): i is Extract<LogItem, { kind: 'record' }> => i.kind === 'record').map((i) => i.bytes);
const problems = (buf: Uint8Array) => [...readLog(buf)].filter((i): i is Extract<LogItem, { kind: 'problem' }> => i.kind === 'problem');

/** Chunk types in file order, walking the framing the simple way (for checking what a test exercises). */
function chunkTypes(buf: Uint8Array): { offset: number; type: number; len: number }[] {
  const out: { offset: number; type: number; len: number }[] = [];
  let pos = 7;
  while (pos + 7 <= buf.length) {
    const room = BLOCK_BYTES - (pos % BLOCK_BYTES);
    if (room < 7) {
      pos += room;
      continue;
    }
    const len = (buf[pos + 4] as number) | ((buf[pos + 5] as number) << 8);
    out.push({ offset: pos, type: buf[pos + 6] as number, len });
    pos += 7 + len;
  }
  return out;
}

const filler = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('wandb framing', () => {
  it('reassembles a record split FIRST / MIDDLE / LAST across three blocks, and the records around it', () => {
    const big = filler(80_000, 1);
    const buf = frameLog([filler(10, 2), big, filler(20, 3)]);
    expect(chunkTypes(buf).map((c) => c.type)).toEqual([CHUNK.FULL, CHUNK.FIRST, CHUNK.MIDDLE, CHUNK.LAST, CHUNK.FULL]);
    expect(records(buf)).toEqual([filler(10, 2), big, filler(20, 3)]);
    expect(problems(buf)).toEqual([]);
  });

  it('skips the zero padding when fewer than 7 bytes are left in a block', () => {
    // Header 7 + chunk header 7 + 32750 = 32764: four bytes left, too few for a chunk header.
    const buf = frameLog([filler(32_750, 4), filler(5, 5)]);
    expect([...buf.subarray(32_764, 32_768)]).toEqual([0, 0, 0, 0]);
    expect(chunkTypes(buf).map((c) => c.offset)).toEqual([7, 32_768]);
    expect(records(buf)).toEqual([filler(32_750, 4), filler(5, 5)]);
  });

  it('checks CRC-32/IEEE seeded with the chunk type: the same CRC without the seed is damage', () => {
    const buf = frameLog([filler(30, 6)]);
    const view = new DataView(buf.buffer);
    expect(view.getUint32(7, true)).toBe(crc32(buf, 14, 44, crc32(Uint8Array.of(CHUNK.FULL))));
    view.setUint32(7, crc32(buf, 14, 44), true);
    expect(records(buf)).toEqual([]);
    expect(problems(buf)).toEqual([{ kind: 'problem', offset: 7, isTail: false, message: expect.stringContaining('checksum mismatch') }]);
  });

  it('after a corrupt chunk, skips to the next block and keeps reading (one warning, not one per orphan fragment)', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => encodeRecord({ kind: 'history', items: items({ _step: i, loss: 1 / (i + 1), pad: `"${'x'.repeat(150)}"` }) }, i + 1));
    const buf = frameLog(rows);
    const chunks = chunkTypes(buf);
    expect(chunks.some((c) => c.type === CHUNK.FIRST)).toBe(true);
    const victim = chunks[10] as { offset: number };
    buf[victim.offset + 9] = (buf[victim.offset + 9] as number) ^ 0xff;
    const recs = await collect(wandbImporter, memorySource({ [LOG]: buf }, 'r'));
    const w = recs.filter((r): r is WarningRecord => r.kind === 'warning');
    expect(w).toEqual([{ kind: 'warning', file: LOG, offset: victim.offset, message: expect.stringContaining('checksum mismatch') }]);
    // Everything outside block 0 after the damage survives: every record whose first chunk starts in a later block.
    const steps = seriesOf(recs).get('loss')?.steps ?? [];
    const firstInBlock1 = chunks.findIndex((c) => c.offset >= BLOCK_BYTES && (c.type === CHUNK.FULL || c.type === CHUNK.FIRST));
    const survivors = chunks.filter((c, i) => (c.type === CHUNK.FULL || c.type === CHUNK.FIRST) && (i < 10 || i >= firstInBlock1)).length;
    expect(steps).toHaveLength(survivors);
    expect(steps.slice(0, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(steps.at(-1)).toBe(399);
    expect(steps.length).toBeLessThan(400);
  });

  it('treats zeroed (preallocated) space as the end, and a file shorter than its header as cut', () => {
    const buf = frameLog([filler(10, 7)]);
    const padded = new Uint8Array(buf.length + 100);
    padded.set(buf);
    expect(records(padded)).toEqual([filler(10, 7)]);
    expect(problems(padded)).toEqual([]);
    expect(problems(buf.subarray(0, 4))).toEqual([{ kind: 'problem', offset: 0, isTail: true, message: 'The file ends inside its 7-byte header.' }]);
    expect(problems(new Uint8Array(0))[0]?.isTail).toBe(true);
  });

  it('refuses another log version or a foreign file without reading further', () => {
    const v1 = encodeLog([{ kind: 'exit', exitCode: 0 }]);
    v1[6] = 1;
    expect(problems(v1)).toEqual([{ kind: 'problem', offset: 0, isTail: false, message: 'Unsupported W&B log version 1; the file was skipped.' }]);
    expect(records(v1)).toEqual([]);
  });

  it('reports an unknown chunk type once, and a record whose fragments lost their beginning once', () => {
    const buf = frameLog([filler(70_000, 8), filler(10, 9)]);
    const first = chunkTypes(buf)[0] as { offset: number; type: number; len: number };
    expect(first.type).toBe(CHUNK.FIRST);
    const unknown = buf.slice();
    unknown[first.offset + 6] = 9;
    expect(problems(unknown).map((x) => x.message)).toEqual([expect.stringContaining('unknown chunk type 9')]);
    expect(records(unknown)).toEqual([filler(10, 9)]);
    // Retyped as MIDDLE with a valid checksum: no damage, but MIDDLE and LAST arrive with no FIRST.
    const orphan = buf.slice();
    orphan[first.offset + 6] = CHUNK.MIDDLE;
    new DataView(orphan.buffer).setUint32(first.offset, crc32(orphan, first.offset + 7, first.offset + 7 + first.len, crc32(Uint8Array.of(CHUNK.MIDDLE))), true);
    expect(problems(orphan)).toEqual([{ kind: 'problem', offset: first.offset, isTail: false, message: expect.stringContaining('has no beginning') }]);
    expect(records(orphan)).toEqual([filler(10, 9)]);
  });
});
