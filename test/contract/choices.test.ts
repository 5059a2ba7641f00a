import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host';
import type { ImportDone } from '../../shared/ipc/events';
import { call, openHost } from '../helpers/host';
import { tempDir } from '../helpers/paths';

/**
 * The user's import choices through the real host (real registry, real files): a folder two formats claim equally
 * is read as the chosen one; a table run's step column is the chosen one. Both are kept in workspace.json.
 */

// lm-eval results saved as DVCLive's metrics.json: lm-eval and DVCLive both claim it at 0.9 (a real tie).
const TIE_JSON = '{"results": {"hellaswag": {"acc,none": 0.5, "acc_stderr,none": 0.01}}, "versions": {"hellaswag": 1}}\n';
const TABLE_CSV = 'step,epoch,time,loss\n0,0,1000,4\n10,0,1010,3\n20,1,1020,2\n30,1,1030,1\n';

describe('import choices through the host', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(): Promise<{ ws: string; runs: string; open: () => Promise<Host> }> {
    const t = await tempDir();
    cleanups.push(t.cleanup);
    const runs = path.join(t.dir, 'runs');
    await mkdir(path.join(runs, 'dvclive'), { recursive: true });
    await mkdir(path.join(runs, 'logs'), { recursive: true });
    await writeFile(path.join(runs, 'dvclive', 'metrics.json'), TIE_JSON);
    await writeFile(path.join(runs, 'logs', 'train.csv'), TABLE_CSV);
    const ws = path.join(t.dir, 'ws');
    const open = async () => {
      const host = await openHost(ws);
      cleanups.push(() => host.close());
      return host;
    };
    return { ws, runs, open };
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

  async function add(host: Host, folder: string): Promise<string> {
    const done = nextDone(host);
    const { sourceId } = await call(host, 'library:add-source', { path: folder });
    expect((await done).error).toBeNull();
    return sourceId;
  }

  it('lists a tie, reads the folder as the chosen format, keeps the choice across restarts, and can go back', async () => {
    const { ws, runs, open } = await setup();
    const host = await open();
    const sourceId = await add(host, runs);
    const runAt = async (h: Host) => (await call(h, 'library:list-runs', {})).find((r) => r.path === 'dvclive');

    expect(await call(host, 'library:list-ties', {})).toEqual([{ sourceId, folder: 'dvclive', formats: ['lm-eval', 'dvclive'], chosen: null }]);
    expect((await runAt(host))?.format).toBe('lm-eval');
    const folderNote = (await call(host, 'library:list-warnings', {})).filter((w) => w.runId === null);
    expect(folderNote.map((w) => w.message)).toEqual([expect.stringContaining('it also looks like dvclive')]);

    // A format the folder is not claimed by is refused.
    await expect(call(host, 'library:choose-format', { sourceId, folder: 'dvclive', format: 'tensorboard' })).rejects.toThrow(/invalid-request/);

    const done = nextDone(host);
    await call(host, 'library:choose-format', { sourceId, folder: 'dvclive', format: 'dvclive' });
    const r = await done;
    expect(r.error).toBeNull();
    expect(r.runsImported).toBe(1);
    const runs2 = await call(host, 'library:list-runs', {});
    expect(runs2.filter((x) => x.path.startsWith('dvclive')).map((x) => x.format)).toEqual(['dvclive']);
    expect(await call(host, 'library:list-ties', {})).toEqual([{ sourceId, folder: 'dvclive', formats: ['lm-eval', 'dvclive'], chosen: 'dvclive' }]);
    const saved = JSON.parse(await readFile(path.join(ws, 'workspace.json'), 'utf8')) as { choices: Record<string, { formats: Record<string, string> }> };
    expect(saved.choices[sourceId]?.formats).toEqual({ dvclive: 'dvclive' });

    // The choice is user data: a new host on the same workspace honours it.
    await host.close();
    const again = await open();
    await again.addFolders([]); // waits for the import every host starts with
    expect((await runAt(again))?.format).toBe('dvclive');

    const back = nextDone(again);
    await call(again, 'library:choose-format', { sourceId, folder: 'dvclive', format: null });
    expect((await back).runsImported).toBe(1);
    expect((await runAt(again))?.format).toBe('lm-eval');
    expect(await call(again, 'library:list-ties', {})).toEqual([{ sourceId, folder: 'dvclive', formats: ['lm-eval', 'dvclive'], chosen: null }]);
  });

  it('remaps a table run’s step and wall-time columns, re-imports it, and stores the new steps', async () => {
    const { runs, open } = await setup();
    const host = await open();
    await add(host, runs);
    const run = (await call(host, 'library:list-runs', {})).find((r) => r.path === 'logs/train');
    expect(run?.format).toBe('table');
    const runId = run?.id ?? '';
    const lossSteps = async () => {
      const bundle = await call(host, 'series:query', { runIds: [runId], metric: 'loss', buckets: 100 });
      return JSON.stringify(bundle);
    };

    expect(await call(host, 'library:get-table-columns', { runId })).toEqual({ runId, columns: ['step', 'epoch', 'time', 'loss'], detectedStep: 'step', choice: null });
    expect(run?.lastStep).toBe(30);
    const before = await lossSteps();

    await expect(call(host, 'library:set-table-columns', { runId, choice: { step: 'nope', wall: null } })).rejects.toThrow(/invalid-request/);

    const done = nextDone(host);
    await call(host, 'library:set-table-columns', { runId, choice: { step: 'epoch', wall: 'time' } });
    expect((await done).runsImported).toBe(1);
    const after = (await call(host, 'library:list-runs', {})).find((r) => r.id === runId);
    expect(after?.lastStep).toBe(1);
    expect(after?.wallStartSec).toBe(1000);
    expect(after?.wallEndSec).toBe(1030);
    const metrics = await call(host, 'library:list-metrics', { runIds: [runId] });
    expect(metrics.map((m) => m.name).sort()).toEqual(['loss', 'step']);
    expect(metrics.find((m) => m.name === 'loss')).toMatchObject({ firstStep: 0, lastStep: 1, points: 4 });
    expect(await lossSteps()).not.toBe(before);
    expect((await call(host, 'library:get-table-columns', { runId })).choice).toEqual({ step: 'epoch', wall: 'time' });

    // Row numbers, then unchanged files with the same choice: nothing to re-import.
    const rows = nextDone(host);
    await call(host, 'library:set-table-columns', { runId, choice: { step: null, wall: null } });
    await rows;
    expect((await call(host, 'library:list-metrics', { runIds: [runId] })).find((m) => m.name === 'loss')).toMatchObject({ firstStep: 0, lastStep: 3 });
    const sourceId = run?.sourceId ?? '';
    const same = nextDone(host);
    await call(host, 'library:rescan-source', { sourceId });
    expect(await same).toMatchObject({ runsImported: 0 });
  });
});
