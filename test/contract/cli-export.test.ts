import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tensorboardEma } from '../../shared/analysis/smoothing';
import { fixturesDir, repoRoot, tempDir } from '../helpers/paths';

const exec = promisify(execFile);
const bin = path.join(repoRoot, 'bin', 'runlens.mjs');

type Kind = 'nan' | 'inf' | '-inf';
interface RawOut {
  run: string;
  metric: string;
  smoothing: string;
  steps: number[];
  values: (number | null)[];
  smoothed: (number | null)[];
  nonFinite: { index: number; step: number; kind: Kind }[];
}
interface BucketOut {
  mode: 'raw' | 'buckets';
  x: number[];
  first: (number | null)[];
  min: (number | null)[];
  max: (number | null)[];
  last: (number | null)[];
  smoothed: (number | null)[];
  nonFinite: { index: number; step: number; kind: Kind }[];
}

async function runlens(args: readonly string[]): Promise<string> {
  const { stdout } = await exec(process.execPath, [bin, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** The values with their non-finite points put back, as the importer read them. */
function fullValues(out: { values: (number | null)[]; nonFinite: { index: number; kind: Kind }[] }): number[] {
  const ys = out.values.map((v) => v ?? Number.NaN);
  for (const nf of out.nonFinite) ys[nf.index] = nf.kind === 'nan' ? Number.NaN : nf.kind === 'inf' ? Infinity : -Infinity;
  return ys;
}

const asJson = (xs: ArrayLike<number>) => Array.from(xs, (v) => (Number.isFinite(v) ? v : null));

// A Lightning CSV run with more points than one raw series answer holds (2 × 20,000), and NaN, +Inf, -Inf among them.
const N = 45_000;
const special = new Map<number, string>([
  [100, 'nan'],
  [200, 'inf'],
  [30_000, '-inf'],
]);
const truth = Array.from({ length: N }, (_, i) => 2 * Math.exp(-i / 5000) + 0.1 * Math.sin(i * 0.37));

let work: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  // The test runs the built CLI exactly as a user would; `npm test` builds first, so this is a no-op there.
  await exec(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--if-stale'], { cwd: repoRoot });
  work = await tempDir('runlens-cli-export-');
  const runDir = path.join(work.dir, 'lightning_logs', 'version_0');
  await mkdir(runDir, { recursive: true });
  await writeFile(path.join(runDir, 'hparams.yaml'), 'lr: 0.001\n');
  const rows = truth.map((v, i) => `0,${i},${special.get(i) ?? String(v)}`);
  await writeFile(path.join(runDir, 'metrics.csv'), `epoch,step,train_loss\n${rows.join('\n')}\n`);
}, 180_000);
afterAll(async () => work?.cleanup());

describe('runlens export --json (every point)', () => {
  it('prints every point in order, NaN/Inf as null + nonFinite, smoothed = TensorBoard EMA of the values', async () => {
    const out = JSON.parse(await runlens(['export', work.dir, '--run', 'lightning_logs/version_0', '--metric', 'train_loss', '--smoothing', '0.9', '--json'])) as RawOut;
    expect(out.run).toBe('lightning_logs/version_0');
    expect(out.smoothing).toMatch(/EMA 0\.9/);
    expect(out.steps).toEqual(truth.map((_, i) => i));
    expect(out.nonFinite).toEqual([
      { index: 100, step: 100, kind: 'nan' },
      { index: 200, step: 200, kind: 'inf' },
      { index: 30_000, step: 30_000, kind: '-inf' },
    ]);
    expect(out.values).toEqual(truth.map((v, i) => (special.has(i) ? null : v)));
    expect(out.smoothed).toEqual(asJson(tensorboardEma(fullValues(out), 0.9)));
  });

  it('defaults to the app smoothing (EMA 0.6) and a real TensorBoard series matches the EMA too', async () => {
    const args = ['export', path.join(fixturesDir, 'tensorboard'), '--run', 'Abdul-AA__Text-Generation-With-LSTM/lightning_logs/version_0', '--metric', 'train_loss', '--json'];
    const out = JSON.parse(await runlens(args)) as RawOut;
    expect(out.steps).toHaveLength(7691);
    expect(out.smoothing).toMatch(/EMA 0\.6/);
    expect(out.smoothed).toEqual(asJson(tensorboardEma(fullValues(out), 0.6)));
  });
});

describe('runlens export --buckets --json', () => {
  const check = async (dir: string, run: string, metric: string, buckets: number) => {
    const raw = JSON.parse(await runlens(['export', dir, '--run', run, '--metric', metric, '--json'])) as RawOut;
    const b = JSON.parse(await runlens(['export', dir, '--run', run, '--metric', metric, '--buckets', String(buckets), '--json'])) as BucketOut;
    expect(b.mode).toBe('buckets');
    expect(b.x.length).toBeGreaterThan(1);
    expect(b.x.length).toBeLessThanOrEqual(buckets);
    // Buckets are step ranges and these steps only go up, so a point belongs to the first bucket whose last step reaches it.
    for (let i = 1; i < raw.steps.length; i++) expect(raw.steps[i] as number).toBeGreaterThan(raw.steps[i - 1] as number);
    const ys = fullValues(raw);
    let bucket = 0;
    let firstOfBucket = true;
    for (let i = 0; i < raw.steps.length; i++) {
      const step = raw.steps[i] as number;
      while ((b.x[bucket] as number) < step) {
        bucket++;
        firstOfBucket = true;
      }
      expect(bucket).toBeLessThan(b.x.length);
      const y = ys[i] as number;
      if (Number.isFinite(y)) {
        expect(b.min[bucket] as number).toBeLessThanOrEqual(y);
        expect(b.max[bucket] as number).toBeGreaterThanOrEqual(y);
        if (firstOfBucket) expect(b.first[bucket]).toBe(y);
      } else {
        expect(b.nonFinite).toContainEqual({ index: bucket, step, kind: raw.nonFinite.find((n) => n.index === i)?.kind });
      }
      if (step === b.x[bucket]) {
        expect(b.last[bucket]).toBe(raw.values[i]);
        expect(b.smoothed[bucket]).toBe(raw.smoothed[i]);
      }
      firstOfBucket = false;
    }
  };

  it('every raw point lies inside its bucket envelope (real TensorBoard series)', async () => {
    await check(path.join(fixturesDir, 'tensorboard'), 'Abdul-AA__Text-Generation-With-LSTM/lightning_logs/version_0', 'train_loss', 97);
  });

  it('every raw point lies inside its bucket envelope; non-finite points are listed by bucket', async () => {
    await check(work.dir, 'lightning_logs/version_0', 'train_loss', 300);
  });
});

describe('runlens export mistakes', () => {
  const fails = (args: readonly string[]) => runlens(args).then(
    () => ({ code: 0, stderr: '' }),
    (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
  );

  it('an unknown run exits 2 and names the closest runs', async () => {
    const r = await fails(['export', work.dir, '--run', 'lightning_logs/version_O', '--metric', 'train_loss', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no run 'lightning_logs\/version_O'/);
    expect(r.stderr).toMatch(/Did you mean: lightning_logs\/version_0/);
  });

  it('an unknown metric exits 2 and names the closest metrics', async () => {
    const r = await fails(['export', work.dir, '--run', 'lightning_logs/version_0', '--metric', 'train_los', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Did you mean: train_loss/);
  });

  it('bad options exit 2; --help documents the nonFinite list', async () => {
    expect((await fails(['export', work.dir, '--run', 'x'])).code).toBe(2);
    expect((await fails(['export', work.dir, '--run', 'lightning_logs/version_0', '--metric', 'train_loss', '--smoothing', '1.5'])).code).toBe(2);
    expect((await fails(['export', work.dir, '--run', 'lightning_logs/version_0', '--metric', 'train_loss', '--buckets', '0'])).code).toBe(2);
    expect(await runlens(['--help'])).toMatch(/nonFinite/);
  });
});
