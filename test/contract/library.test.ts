import { appendFile, mkdir, readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host';
import type { ImportDone } from '../../shared/ipc/events';
import { call, openHost } from '../helpers/host';
import { copyTree, fixturesDir, tempDir } from '../helpers/paths';

const LSTM = 'Abdul-AA__Text-Generation-With-LSTM/lightning_logs/version_0';

describe('library import into DuckDB (tensorboard + hf-trainer fixtures)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(): Promise<{ host: Host; ws: string; runs: string }> {
    const t = await tempDir();
    cleanups.push(t.cleanup);
    const runs = await copyTree(fixturesDir, path.join(t.dir, 'runs with spaces'));
    const ws = path.join(t.dir, 'ws');
    const host = await openHost(ws);
    cleanups.push(() => host.close());
    return { host, ws, runs };
  }

  function nextDone(host: Host): Promise<ImportDone> {
    return new Promise((resolve) => {
      const off = host.bus.subscribe((event, payload) => {
        if (event === 'import:done') {
          off();
          resolve(payload as ImportDone);
        }
      });
    });
  }

  it('imports every run, lists them with summaries, and serves full-fidelity series', async () => {
    const { host, runs } = await setup();
    const done = nextDone(host);
    const { sourceId } = await call(host, 'library:add-source', { path: path.join(runs, 'tensorboard') });
    const result = await done;
    expect(result.error).toBeNull();
    expect(result.runsImported).toBeGreaterThan(0);

    const sources = await call(host, 'library:list-sources', {});
    expect(sources).toMatchObject([{ id: sourceId, name: 'tensorboard', state: 'ready', runCount: result.runsImported }]);

    const list = await call(host, 'library:list-runs', {});
    const lstm = list.find((r) => r.path === LSTM);
    expect(lstm).toMatchObject({ format: 'tensorboard', lastLoss: { metric: 'train_loss' } });
    expect(lstm?.wallStartSec).toBeGreaterThan(1.7e9);
    expect(lstm?.wallEndSec).toBeGreaterThan(lstm?.wallStartSec ?? Infinity);
    if (!lstm) return;

    const metrics = await call(host, 'library:list-metrics', { runIds: [lstm.id] });
    const byName = Object.fromEntries(metrics.map((m) => [m.name, m.points]));
    expect(byName).toMatchObject({ train_loss: 7691, val_loss: 29, epoch: 7720 });

    const raw = await call(host, 'series:query', { runIds: [lstm.id], metric: 'val_loss', buckets: 500 });
    expect(raw.series[0]).toMatchObject({ mode: 'raw', totalPoints: 29 });
    expect(raw.series[0]?.steps).toHaveLength(29);

    const buckets = await call(host, 'series:query', { runIds: [lstm.id], metric: 'train_loss', buckets: 200 });
    const s = buckets.series[0];
    expect(s?.mode).toBe('buckets');
    expect(s?.totalPoints).toBe(7691);
    expect(s?.steps.length).toBeLessThanOrEqual(200);
    // The envelope holds every point: its extremes equal the series' min and max.
    const lossMeta = metrics.find((m) => m.name === 'train_loss');
    expect(Math.min(...(s?.min ?? []).filter((v): v is number => v !== null))).toBe(lossMeta?.min);
    expect(Math.max(...(s?.max ?? []).filter((v): v is number => v !== null))).toBe(lossMeta?.max);

    // Zoom: a step window returns only points inside it.
    const zoom = await call(host, 'series:query', { runIds: [lstm.id], metric: 'train_loss', buckets: 5000, stepMin: 100, stepMax: 300 });
    const zs = zoom.series[0]?.steps ?? [];
    expect(zoom.series[0]?.mode).toBe('raw');
    expect(zs.length).toBeGreaterThan(0);
    expect(zs.every((x) => x >= 100 && x <= 300)).toBe(true);
  });

  it('does not parse an unchanged folder again, and re-imports only the run whose file changed', async () => {
    const { host, ws, runs } = await setup();
    const folder = path.join(runs, 'hf-trainer');
    let done = nextDone(host);
    const { sourceId } = await call(host, 'library:add-source', { path: folder });
    const first = await done;
    expect(first.runsImported).toBeGreaterThan(0);
    await host.close();

    const again = await openHost(ws);
    cleanups.push(() => again.close());
    // Opening the workspace refreshes every folder; nothing changed, so nothing is parsed.
    done = nextDone(again);
    const refresh = await done;
    expect(refresh).toMatchObject({ sourceId, runsImported: 0, runsSkipped: first.runsImported });

    const before = await call(again, 'library:list-runs', {});
    const target = before.find((r) => r.format === 'hf-trainer');
    expect(target).toBeDefined();
    if (!target) return;
    const stateFile = path.join(folder, target.path, 'trainer_state.json');
    const text = await readFile(stateFile, 'utf8').catch(() => null);
    if (text !== null) await writeFile(stateFile, `${text}\n`);
    else await appendFile(path.join(folder, target.path, 'all_results.json'), ' ');
    done = nextDone(again);
    await call(again, 'library:rescan-source', { sourceId });
    expect(await done).toMatchObject({ runsImported: 1, runsSkipped: first.runsImported - 1 });
  });

  it('keeps the valid prefix of a truncated event file and says where it stopped', async () => {
    const { host, runs } = await setup();
    const file = path.join(runs, 'tensorboard', LSTM);
    const { readdir } = await import('node:fs/promises');
    const events = (await readdir(file)).find((f) => f.includes('tfevents'));
    expect(events).toBeDefined();
    await truncate(path.join(file, events as string), 300_001);
    const done = nextDone(host);
    await call(host, 'library:add-source', { path: path.join(runs, 'tensorboard') });
    expect((await done).error).toBeNull();
    const run = (await call(host, 'library:list-runs', {})).find((r) => r.path === LSTM);
    expect(run?.warningCount).toBeGreaterThan(0);
    const metrics = await call(host, 'library:list-metrics', { runIds: [run?.id ?? ''] });
    const loss = metrics.find((m) => m.name === 'train_loss');
    expect(loss?.points).toBeGreaterThan(100);
    expect(loss?.points).toBeLessThan(7691);
    const warnings = await call(host, 'library:list-warnings', { runId: run?.id ?? '' });
    expect(warnings[0]?.file).toContain(events);
    expect(warnings[0]?.offset).toBeGreaterThan(0);
  });

  it('answers a clear error for a missing folder and a file', async () => {
    const { host, runs } = await setup();
    await expect(call(host, 'library:add-source', { path: path.join(runs, 'nope') })).rejects.toThrow(/not-found: No folder at/);
    const { readdir } = await import('node:fs/promises');
    const aFile = path.join(runs, 'tensorboard', LSTM, (await readdir(path.join(runs, 'tensorboard', LSTM)))[0] ?? '');
    await expect(call(host, 'library:add-source', { path: aFile })).rejects.toThrow(/is a file, not a folder/);
  });
});

describe('equal-confidence claims', () => {
  it('are reported as folder-level warnings naming both formats', async () => {
    const { scanTree } = await import('../../main/services/scan');
    const { tensorboardImporter } = await import('../../main/importers/tensorboard');
    const twin = { ...tensorboardImporter, id: 'hf-trainer' as const };
    const tree = { relPath: '', name: 'r', files: [{ name: 'events.out.tfevents.1', size: 1, mtimeMs: 0 }], dirs: [] };
    const { ties } = await scanTree(tree, [tensorboardImporter, twin], async () => new Uint8Array());
    expect(ties).toEqual([{ relPath: '', formats: ['tensorboard', 'hf-trainer'] }]);
  });
});

describe('import jobs', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  function done(host: Host): Promise<ImportDone> {
    return new Promise((resolve) => {
      const off = host.bus.subscribe((event, payload) => {
        if (event === 'import:done') {
          off();
          resolve(payload as ImportDone);
        }
      });
    });
  }

  it('re-imports only the runs of an importer whose version was bumped', async () => {
    const { tensorboardImporter } = await import('../../main/importers/tensorboard');
    const { hfTrainerImporter } = await import('../../main/importers/hf-trainer');
    const t = await tempDir();
    cleanups.push(t.cleanup);
    const ws = path.join(t.dir, 'ws');
    const runs = await copyTree(fixturesDir, path.join(t.dir, 'runs'));
    await mkdir(path.join(runs, 'both'), { recursive: true });
    await copyTree(path.join(runs, 'tensorboard', 'Hoilap__O-LoRA'), path.join(runs, 'both', 'tb'));
    await copyTree(path.join(runs, 'hf-trainer', 'Hoilap__O-LoRA'), path.join(runs, 'both', 'hf'));
    const v1 = await openHost(ws, [hfTrainerImporter, tensorboardImporter]);
    const first = done(v1);
    await call(v1, 'library:add-source', { path: path.join(runs, 'both') });
    const f = await first;
    const tbRuns = (await call(v1, 'library:list-runs', {})).filter((r) => r.format === 'tensorboard').length;
    await v1.close();
    expect(tbRuns).toBeGreaterThan(0);
    expect(f.runsImported).toBeGreaterThan(tbRuns);

    const v2 = await openHost(ws, [hfTrainerImporter, { ...tensorboardImporter, version: tensorboardImporter.version + 1 }]);
    cleanups.push(() => v2.close());
    const refresh = await done(v2);
    expect(refresh).toMatchObject({ runsImported: tbRuns, runsSkipped: f.runsImported - tbRuns });
    expect((await call(v2, 'library:list-runs', {})).filter((r) => r.format === 'tensorboard').every((r) => r.importerVersion === tensorboardImporter.version + 1)).toBe(true);
  });

  it('can be cancelled: the job ends as cancelled and the library stays usable', async () => {
    const t = await tempDir();
    cleanups.push(t.cleanup);
    const host = await openHost(path.join(t.dir, 'ws'));
    cleanups.push(() => host.close());
    const runs = await copyTree(fixturesDir, path.join(t.dir, 'runs'));
    const ended = done(host);
    // Cancel as soon as the job reports its first progress: deterministic, no timing.
    const off = host.bus.subscribe((event, payload) => {
      if (event === 'import:progress') {
        off();
        void call(host, 'import:cancel', { jobId: (payload as { jobId: string }).jobId });
      }
    });
    await call(host, 'library:add-source', { path: runs });
    const result = await ended;
    expect(result.cancelled).toBe(true);
    expect(result.error).toBeNull();
    const sources = await call(host, 'library:list-sources', {});
    expect(sources[0]?.state).toBe('ready');
    // A later rescan finishes the job.
    const again = done(host);
    await call(host, 'library:rescan-source', { sourceId: sources[0]?.id ?? '' });
    expect((await again).cancelled).toBe(false);
    expect((await call(host, 'library:list-runs', {})).length).toBeGreaterThan(10);
  });
});

describe('cancelling a rescan', () => {
  it('keeps every run already in the library', async () => {
    const t = await tempDir();
    const host = await openHost(path.join(t.dir, 'ws'));
    try {
      const runs = await copyTree(fixturesDir, path.join(t.dir, 'runs'));
      const wait = () =>
        new Promise<ImportDone>((resolve) => {
          const off = host.bus.subscribe((e, p) => {
            if (e === 'import:done') {
              off();
              resolve(p as ImportDone);
            }
          });
        });
      let ended = wait();
      const { sourceId } = await call(host, 'library:add-source', { path: runs });
      await ended;
      const before = (await call(host, 'library:list-runs', {})).length;
      ended = wait();
      const off = host.bus.subscribe((event, payload) => {
        if (event === 'import:progress') {
          off();
          void call(host, 'import:cancel', { jobId: (payload as { jobId: string }).jobId });
        }
      });
      await call(host, 'library:rescan-source', { sourceId });
      expect((await ended).cancelled).toBe(true);
      expect((await call(host, 'library:list-runs', {})).length).toBe(before);
    } finally {
      await host.close();
      await t.cleanup();
    }
  });
});
