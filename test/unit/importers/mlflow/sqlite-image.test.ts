import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSqliteHeader, readableImage } from '../../../../main/importers/mlflow/sqlite/image';
import { fixturesDir } from '../../../helpers/paths';

const db = new Uint8Array(readFileSync(path.join(fixturesDir, 'mlflow', 'sqlite', 'mlflow.db')));
const PAGE = (db[16] ?? 0) * 256 + (db[17] ?? 0);
const u32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at);

describe('mlflow.db image', () => {
  it('recognises the SQLite magic only', () => {
    expect(isSqliteHeader(db.subarray(0, 16))).toBe(true);
    expect(isSqliteHeader(db.subarray(0, 15))).toBe(false);
    expect(isSqliteHeader(new TextEncoder().encode('SQLite format 2\0'))).toBe(false);
  });

  it('a whole file passes unchanged and undamaged', () => {
    const img = readableImage(db);
    expect(img.damage).toBeNull();
    expect(img.bytes?.length).toBe(db.length);
    expect(Buffer.compare(img.bytes ?? new Uint8Array(), db)).toBe(0);
  });

  it('a cut inside the header leaves nothing to open, and says so', () => {
    for (const cut of [1, 16, 99]) expect(readableImage(db.subarray(0, cut))).toMatchObject({ bytes: null, damage: expect.stringContaining('header') });
    expect(readableImage(new Uint8Array())).toMatchObject({ bytes: null, damage: expect.stringContaining('empty') });
  });

  it('a cut mid-page keeps the whole pages before it and makes the header count them', () => {
    const cut = 5 * PAGE + 123;
    const img = readableImage(db.subarray(0, cut));
    expect(img.damage).toContain('page 6');
    expect(img.bytes?.length).toBe(5 * PAGE);
    expect(u32(img.bytes ?? new Uint8Array(100), 28)).toBe(5);
    // SQLite trusts the count only while "version-valid-for" equals the change counter.
    expect(u32(img.bytes ?? new Uint8Array(100), 92)).toBe(u32(db, 24));
  });

  it('a cut on a page boundary is caught by the header page count', () => {
    const img = readableImage(db.subarray(0, db.length - PAGE));
    expect(img.damage).toContain(`holds ${db.length / PAGE - 1}`);
  });

  it('opens a WAL-mode file as a rollback-journal file (the -wal is warned about, not applied)', () => {
    const wal = db.slice();
    wal[18] = 2;
    wal[19] = 2;
    const img = readableImage(wal);
    expect([img.bytes?.[18], img.bytes?.[19]]).toEqual([1, 1]);
    expect(wal[18]).toBe(2); // the caller's bytes are not touched
  });
});
