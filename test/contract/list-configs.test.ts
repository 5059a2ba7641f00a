import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host';
import { encodeEventFile } from '../../main/importers/tensorboard/encode';
import { call, importFolder, openHost } from '../helpers/host';
import { tempDir } from '../helpers/paths';

/** Two TensorBoard runs with hparams of every scalar type, one without: the channel returns each run's own entries. */
describe('library:list-configs: flattened config entries per run', () => {
  let host: Host;
  let cleanup: () => Promise<void> = async () => undefined;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const t = await tempDir();
    const root = path.join(t.dir, 'runs');
    const hp: Record<string, Record<string, number | string | boolean> | null> = {
      a: { lr: 0.001, optimizer: 'adam', warmup: true },
      b: { lr: 0.01, optimizer: 'sgd', warmup: false },
      c: null,
    };
    for (const [name, hparams] of Object.entries(hp)) {
      await mkdir(path.join(root, name), { recursive: true });
      const events = [
        { kind: 'file-version' as const, wallTime: 1_700_000_000 },
        ...(hparams ? [{ kind: 'hparams-start' as const, wallTime: 1_700_000_000, hparams }] : []),
        ...Array.from({ length: 5 }, (_, s) => ({ kind: 'scalar' as const, wallTime: 1_700_000_001 + s, step: s, tag: 'loss', value: 1 / (s + 1) })),
      ];
      await writeFile(path.join(root, name, 'events.out.tfevents.1700000000.host.1.0'), encodeEventFile(events));
    }
    host = await openHost(path.join(t.dir, 'ws'));
    cleanup = async () => {
      await host.close();
      await t.cleanup();
    };
    await importFolder(host, root);
    for (const r of await call(host, 'library:list-runs', {})) ids[r.path] = r.id;
  });
  afterAll(() => cleanup());

  const id = (p: string) => ids[p] ?? `missing:${p}`;

  it('decodes each stored value to its type and keeps runs apart', async () => {
    const res = await call(host, 'library:list-configs', { runIds: [id('a'), id('b')] });
    const byRun = (runId: string) => Object.fromEntries(res.filter((e) => e.runId === runId).map((e) => [e.key, e.value]));
    expect(byRun(id('a'))).toMatchObject({ lr: 0.001, optimizer: 'adam', warmup: true });
    expect(byRun(id('b'))).toMatchObject({ lr: 0.01, optimizer: 'sgd', warmup: false });
    expect(res.every((e) => e.origin.length > 0)).toBe(true);
    // The stored count agrees with what the channel returns.
    const runs = await call(host, 'library:list-runs', {});
    for (const r of runs.filter((x) => x.path !== 'c')) expect(res.filter((e) => e.runId === r.id).length).toBe(r.configCount);
  });

  it('returns only the runs asked for, and nothing for a run without config', async () => {
    const onlyB = await call(host, 'library:list-configs', { runIds: [id('b')] });
    expect(onlyB.length).toBeGreaterThan(0);
    expect(onlyB.every((e) => e.runId === id('b'))).toBe(true);
    expect(await call(host, 'library:list-configs', { runIds: [id('c')] })).toEqual([]);
    expect(await call(host, 'library:list-configs', { runIds: [] })).toEqual([]);
  });
});
