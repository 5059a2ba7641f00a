import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host';
import { createHost } from '../../main/host';
import type { EventSpec } from '../../main/importers/tensorboard/encode';
import { encodeEventFile } from '../../main/importers/tensorboard/encode';
import { TAIL_QUIET_MS } from '../../main/services/import-jobs';
import type { MetricSummary } from '../../shared/domain/run';
import type { ImportDone, ImportProgress } from '../../shared/ipc/events';
import { call } from '../helpers/host';
import { tempDir } from '../helpers/paths';

const loss = (from: number, to: number): EventSpec[] =>
  Array.from({ length: to - from }, (_, i) => ({ kind: 'scalar' as const, wallTime: 1_700_000_000 + from + i, step: from + i, tag: 'train/loss', value: 3 / (1 + from + i) }));
const verlLines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `step:${from + i} - actor/pg_loss:${(0.5 / (1 + from + i)).toFixed(6)} - critic/score/mean:${from + i}\n`).join('');

/** Watches the host's events: every import:done and the largest bytesTotal each job announced. */
function recorder(host: Host) {
  const done: ImportDone[] = [];
  const bytesTotal = new Map<string, number>();
  const waiters = new Set<() => void>();
  host.bus.subscribe((event, payload) => {
    if (event === 'import:done') {
      done.push(payload as ImportDone);
      for (const wake of [...waiters]) wake();
    }
    if (event === 'import:progress') {
      const p = payload as ImportProgress;
      bytesTotal.set(p.jobId, Math.max(bytesTotal.get(p.jobId) ?? 0, p.bytesTotal));
    }
  });
  return {
    done,
    bytesTotal,
    /** The first import:done from now on that matches, woken by the event itself; the bound only turns a hang into a failure. */
    next(pred: (d: ImportDone) => boolean, timeoutMs = 8000): Promise<ImportDone> {
      const from = done.length;
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = done.slice(from).find(pred);
          if (!hit) return;
          cleanup();
          resolve(hit);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching import:done within ${timeoutMs} ms (saw ${JSON.stringify(done)})`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
      });
    },
  };
}

describe('live follow: a watched run that grows is continued from where it was left', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup() {
    const t = await tempDir();
    cleanups.push(t.cleanup);
    const root = path.join(t.dir, 'live runs');
    await mkdir(path.join(root, 'tb'), { recursive: true });
    const tfevents = path.join(root, 'tb', 'events.out.tfevents.1700000000.host.1.0');
    await writeFile(tfevents, encodeEventFile([{ kind: 'file-version', wallTime: 1_700_000_000 }, ...loss(0, 50)]));
    const log = path.join(root, 'train.log');
    await writeFile(log, `starting verl\n${verlLines(1, 21)}`);
    const ws = path.join(t.dir, 'ws');
    const host = await createHost({ workspaceDir: ws, mode: 'web', appVersion: 'test', watch: true });
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await host.close();
    };
    cleanups.push(close);
    const rec = recorder(host);
    const { sourceId } = await call(host, 'library:add-source', { path: root });
    const first = await rec.next((d) => d.sourceId === sourceId);
    expect(first).toMatchObject({ runsImported: 2, runsAppended: 0, error: null });
    return { host, rec, sourceId, tfevents, log, ws, close };
  }

  async function points(host: Host, runPath: string, metric: string): Promise<{ points: number; steps: number[] }> {
    const run = (await call(host, 'library:list-runs', {})).find((r) => r.path === runPath);
    if (!run) throw new Error(`no run ${runPath}`);
    const m = (await call(host, 'library:list-metrics', { runIds: [run.id] })).find((x) => x.name === metric);
    const s = await call(host, 'series:query', { runIds: [run.id], metric, buckets: 20_000 });
    return { points: m?.points ?? 0, steps: Array.from(s.series[0]?.steps ?? []) };
  }

  it('tfevents: reads only the appended bytes, waits for a half-written record, and ends up equal to a full read', async () => {
    const { host, rec, tfevents } = await setup();
    const more = encodeEventFile(loss(50, 120));
    const next = encodeEventFile(loss(120, 121));
    // 70 whole events and the first half of one more: a writer caught mid-record.
    await appendFile(tfevents, Buffer.concat([more, next.subarray(0, 9)]));
    const grown = await rec.next((d) => d.runsAppended === 1);
    expect(grown).toMatchObject({ runsImported: 0, runsAppended: 1, warnings: 0, error: null });
    // Only the new bytes were read, not the 50 events already stored.
    expect(rec.bytesTotal.get(grown.jobId)).toBe(more.length + 9);
    let p = await points(host, 'tb', 'train/loss');
    expect(p.points).toBe(120);
    expect(p.steps).toEqual(Array.from({ length: 120 }, (_, i) => i));
    // The half-written record is not reported while the file is being written.
    expect(await call(host, 'library:list-warnings', {})).toEqual([]);

    await appendFile(tfevents, next.subarray(9));
    await rec.next((d) => d.runsAppended === 1 && d.jobId !== grown.jobId);
    p = await points(host, 'tb', 'train/loss');
    expect(p.points).toBe(121);
    expect(p.steps.at(-1)).toBe(120);
    const list = await call(host, 'library:list-metrics', { runIds: [(await call(host, 'library:list-runs', {})).find((r) => r.path === 'tb')?.id ?? ''] });
    expect(list.find((m) => m.name === 'train/loss')).toMatchObject({ points: 121, firstStep: 0, lastStep: 120, lastValue: Math.fround(3 / 121) });
    expect(await call(host, 'library:list-warnings', {})).toEqual([]);

    // What the live run holds now is what a fresh read of the same files gives.
    const t = await tempDir();
    cleanups.push(t.cleanup);
    const fresh = await createHost({ workspaceDir: t.dir, mode: 'web', appVersion: 'test' });
    cleanups.push(() => fresh.close());
    const freshRec = recorder(fresh);
    await call(fresh, 'library:add-source', { path: path.dirname(path.dirname(tfevents)) });
    await freshRec.next(() => true);
    const strip = (ms: MetricSummary[]) => ms.map(({ runId: _r, ...m }) => m);
    const runIdOf = async (h: Host) => (await call(h, 'library:list-runs', {})).find((r) => r.path === 'tb')?.id ?? '';
    expect(strip(await call(host, 'library:list-metrics', { runIds: [await runIdOf(host)] }))).toEqual(strip(await call(fresh, 'library:list-metrics', { runIds: [await runIdOf(fresh)] })));
    const series = async (h: Host) => (await call(h, 'series:query', { runIds: [await runIdOf(h)], metric: 'train/loss', buckets: 20_000 })).series[0];
    expect(await series(host)).toMatchObject({ steps: (await series(fresh))?.steps, values: (await series(fresh))?.values });
  });

  it('raw log: a line written in two pieces is stored once, whole, and its metrics are read once', async () => {
    const { host, rec, log, ws, close } = await setup();
    await appendFile(log, `${verlLines(21, 30)}step:30 - actor/pg_lo`);
    const a = await rec.next((d) => d.runsAppended === 1);
    expect(a.error).toBeNull();
    expect((await points(host, 'train.log', 'actor/pg_loss')).points).toBe(29);
    await appendFile(log, `ss:0.016129 - critic/score/mean:30\nstep:31 - actor/pg_loss:0.015625 - critic/score/mean:31\n`);
    await rec.next((d) => d.runsAppended === 1 && d.jobId !== a.jobId);
    const p = await points(host, 'train.log', 'actor/pg_loss');
    expect(p.points).toBe(31);
    expect(p.steps).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(await call(host, 'library:list-warnings', {})).toEqual([]);

    await close();
    const db = await DuckDBInstance.create(path.join(ws, 'cache', 'library-v1.duckdb'), { access_mode: 'READ_ONLY' });
    const conn = await db.connect();
    const rows = (await conn.runAndReadAll("SELECT line, text FROM log_lines WHERE file = 'train.log' ORDER BY line")).getRowObjectsJson();
    conn.closeSync();
    db.closeSync();
    expect(rows.map((r) => r.line)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect(rows[30]?.text).toBe('step:30 - actor/pg_loss:0.016129 - critic/score/mean:30');
  });

  it('a tail that stays cut is reported once the file has been quiet', async () => {
    const { host, rec, tfevents } = await setup();
    const partial = encodeEventFile(loss(50, 51)).subarray(0, 7);
    await appendFile(tfevents, partial);
    await rec.next((d) => d.runsAppended === 1);
    expect(await call(host, 'library:list-warnings', {})).toEqual([]);
    // Nothing more is written: the recheck after the quiet period reports it.
    await rec.next((d) => d.runsAppended === 1 && d.warnings === 1, TAIL_QUIET_MS + 6000);
    const warnings = await call(host, 'library:list-warnings', {});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: 'tb/events.out.tfevents.1700000000.host.1.0' });
    expect(warnings[0]?.message).toMatch(/ends inside a record/);
  }, 20_000);
});
