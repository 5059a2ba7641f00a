import { plain } from '../helpers/columns';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../main/host';
import type { EventSpec } from '../../main/importers/tensorboard/encode';
import { encodeEventFile } from '../../main/importers/tensorboard/encode';
import type { RunSeries } from '../../shared/domain/series';
import { seriesX } from '../../shared/domain/series';
import type { ImportDone } from '../../shared/ipc/events';
import { parseTolerantJson } from '../../shared/util/tolerant-json';
import { call, openHost } from '../helpers/host';
import { fixturesDir, tempDir } from '../helpers/paths';

const T0 = 1_700_000_000;
const LOSS = 'train/loss';
const TOKENS = 'train/num_input_tokens_seen';
const NAN_STEP = 120;
/** The synthetic run: loss at steps 0–199 (NaN at NAN_STEP), a token counter only from step 5, every 10 steps. */
const lossSteps = Array.from({ length: 200 }, (_, i) => i);
const wallOf = (step: number) => T0 + 10 + step * 3;
const tokenSteps = lossSteps.filter((s) => s % 10 === 5);
const tokensAt = (step: number) => step * 1024;
/** The token counter as of a step: its last point at a step ≤ it. */
const tokensAsOf = (step: number): number | null => {
  const t = tokenSteps.filter((s) => s <= step).at(-1);
  return t === undefined ? null : tokensAt(t);
};

/** The output folder is the run (its checkpoints are parts of it), so the run's path is the source's own. */
const GRPO = '';
const GRPO_STATE = path.join('checkpoint-400', 'trainer_state.json');
const GRPO_DIR = path.join(fixturesDir, 'hf-trainer', 'alexchilton__CAS_NLP_MODULE4_GRPO', 'lara', 'output_4090', 'wordle-grpo');

function synthEvents(): EventSpec[] {
  const ev: EventSpec[] = [{ kind: 'file-version', wallTime: T0 }];
  for (const step of lossSteps) {
    ev.push({ kind: 'scalar', wallTime: wallOf(step), step, tag: LOSS, value: step === NAN_STEP ? Number.NaN : 5 - step / 64 });
    if (tokenSteps.includes(step)) ev.push({ kind: 'scalar', wallTime: wallOf(step), step, tag: TOKENS, value: tokensAt(step) });
  }
  return ev;
}

async function addAndWait(host: Host, folder: string): Promise<void> {
  const done = new Promise<ImportDone>((resolve) => {
    const off = host.bus.subscribe((e, p) => {
      if (e === 'import:done') {
        off();
        resolve(p as ImportDone);
      }
    });
  });
  await call(host, 'library:add-source', { path: folder });
  await done;
}

function only(series: readonly RunSeries[]): RunSeries {
  const s = series[0];
  if (!s || series.length !== 1) throw new Error(`expected one series, got ${series.length}`);
  return s;
}

describe('series:query on an x axis other than step (wall time, relative time, another metric)', () => {
  let host: Host;
  let synthId = '';
  let grpoId = '';
  let cleanup: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const t = await tempDir();
    const runDir = path.join(t.dir, 'runs', 'synth');
    await mkdir(runDir, { recursive: true });
    await writeFile(path.join(runDir, `events.out.tfevents.${T0}.host.1.0`), encodeEventFile(synthEvents()));
    host = await openHost(path.join(t.dir, 'ws'));
    cleanup = async () => {
      await host.close();
      await t.cleanup();
    };
    await addAndWait(host, path.join(t.dir, 'runs'));
    await addAndWait(host, GRPO_DIR);
    const runs = await call(host, 'library:list-runs', {});
    synthId = runs.find((r) => r.path === 'synth')?.id ?? '';
    grpoId = runs.find((r) => r.path === GRPO && r.id !== synthId)?.id ?? '';
    expect(synthId).not.toBe('');
    expect(grpoId).not.toBe('');
  });
  afterAll(() => cleanup());

  it('step stays the default: no x column, nothing missing', async () => {
    const s = only((await call(host, 'series:query', { runIds: [synthId], metric: LOSS, buckets: 20_000 })).series);
    expect(s.x).toBeUndefined();
    expect(plain(s.steps)).toEqual(lossSteps);
    const explicit = only((await call(host, 'series:query', { runIds: [synthId], metric: LOSS, buckets: 20_000, x: { kind: 'step' } })).series);
    expect(explicit).toEqual(s);
  });

  it('wall time: each point at its own wall time; NaN markers there too; the window is in seconds', async () => {
    const s = only((await call(host, 'series:query', { runIds: [synthId], metric: LOSS, buckets: 20_000, x: { kind: 'wall' } })).series);
    expect(s.mode).toBe('raw');
    expect(s.missingX).toBe(0);
    expect(plain(s.steps)).toEqual(lossSteps);
    expect(plain(s.x)).toEqual(lossSteps.map(wallOf));
    expect(s.nonFinite).toEqual([{ step: NAN_STEP, x: wallOf(NAN_STEP), kind: 'nan' }]);

    const w = only((await call(host, 'series:query', { runIds: [synthId], metric: LOSS, buckets: 20_000, x: { kind: 'wall' }, stepMin: wallOf(100), stepMax: wallOf(150) })).series);
    expect(plain(w.steps)).toEqual(lossSteps.filter((st) => st >= 100 && st <= 150));
    expect(w.totalPoints).toBe(51);
  });

  it('relative time: seconds since the run started (its first event, the file-version record)', async () => {
    const s = only((await call(host, 'series:query', { runIds: [synthId], metric: LOSS, buckets: 20_000, x: { kind: 'relative' } })).series);
    expect(plain(s.x)).toEqual(lossSteps.map((st) => wallOf(st) - T0));
    expect(s.nonFinite[0]?.x).toBe(wallOf(NAN_STEP) - T0);
  });

  it('a token metric: the counter as of each point; points before its first value are left out and counted', async () => {
    const s = only((await call(host, 'series:query', { runIds: [synthId], metric: LOSS, buckets: 20_000, x: { kind: 'metric', metric: TOKENS } })).series);
    const placed = lossSteps.filter((st) => tokensAsOf(st) !== null);
    expect(s.missingX).toBe(lossSteps.length - placed.length);
    expect(plain(s.steps)).toEqual(placed);
    expect(plain(s.x)).toEqual(placed.map(tokensAsOf));
    expect(s.nonFinite).toEqual([{ step: NAN_STEP, x: tokensAsOf(NAN_STEP), kind: 'nan' }]);
    // The window is in tokens.
    const w = only((await call(host, 'series:query', { runIds: [synthId], metric: LOSS, buckets: 20_000, x: { kind: 'metric', metric: TOKENS }, stepMin: tokensAt(45), stepMax: tokensAt(65) })).series);
    expect(plain(w.steps)).toEqual(placed.filter((st) => st >= 45 && st < 75));
  });

  it('buckets are cut over x; each keeps its last point\'s step and x, and the full series\' smoothed value there', async () => {
    const x = { kind: 'metric', metric: TOKENS } as const;
    const smoothing = { kind: 'ema', weight: 0.6 } as const;
    const full = only((await call(host, 'series:query', { runIds: [synthId], metric: LOSS, buckets: 20_000, x: { kind: 'wall' }, smoothing })).series);
    const b = only((await call(host, 'series:query', { runIds: [synthId], metric: LOSS, buckets: 8, x, smoothing })).series);
    expect(b.mode).toBe('buckets');
    expect(b.totalPoints).toBe(195);
    const xs = seriesX(b);
    expect(xs.length).toBeLessThanOrEqual(8);
    const lo = tokensAt(5);
    const hi = tokensAt(195);
    xs.forEach((xv, i) => {
      const step = b.steps[i] as number;
      expect(xv).toBe(tokensAsOf(step));
      // The bucket's last point: no later point falls in the same bucket.
      const bucketOf = (v: number) => Math.min(Math.floor(((v - lo) / (hi - lo)) * 8), 7);
      const later = lossSteps.filter((st) => st > step && tokensAsOf(st) !== null && bucketOf(tokensAsOf(st) as number) === bucketOf(xv));
      expect(later).toEqual([]);
      expect(b.smoothed?.[i]).toBe(full.smoothed?.[full.steps.indexOf(step)]);
    });
    expect(plain(xs)).toEqual([...xs].sort((p, q) => p - q));
  });

  it('a real TRL GRPO trainer_state: loss over num_tokens reads the num_tokens of the same log row; no wall times there', async () => {
    const state = parseTolerantJson(await readFile(path.join(GRPO_DIR, GRPO_STATE), 'utf8'));
    const rows = (state as { log_history: Record<string, unknown>[] }).log_history.filter((r) => typeof r.loss === 'number' && typeof r.num_tokens === 'number');
    expect(rows.length).toBeGreaterThan(10);
    const s = only((await call(host, 'series:query', { runIds: [grpoId], metric: 'loss', buckets: 20_000, x: { kind: 'metric', metric: 'num_tokens' } })).series);
    expect(plain(s.steps)).toEqual(rows.map((r) => r.step));
    expect(plain(s.x)).toEqual(rows.map((r) => r.num_tokens));

    const wall = only((await call(host, 'series:query', { runIds: [grpoId], metric: 'loss', buckets: 20_000, x: { kind: 'wall' } })).series);
    expect(plain(wall.steps)).toEqual([]);
    expect(wall.missingX).toBe(rows.length);

    const absent = only((await call(host, 'series:query', { runIds: [grpoId], metric: 'loss', buckets: 20_000, x: { kind: 'metric', metric: 'no such metric' } })).series);
    expect(plain(absent.steps)).toEqual([]);
    expect(absent.missingX).toBe(rows.length);
  });
});
