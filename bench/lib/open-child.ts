/**
 * The process side of the open scenarios (bench/scenarios/open.ts): each mode runs in a fresh Node process, so its
 * timings include no warm module or DuckDB state from the bench, and its peak RSS is its own. Prints one JSON line
 * and exits. Modes:
 * - `idle`: loads nothing beyond this file (the RSS floor of node + tsx);
 * - `cold <workspace> <library>`: a host on a fresh workspace imports the library (add-source → import:done);
 * - `warm <workspace> [--wait-refresh]`: the host reopens an imported workspace and draws the first chart (list runs,
 *   then one downsampled query), optionally then waits for the refresh scan it starts on open;
 * - `duckdb <workspace>`: opens the workspace's cache with the engine alone and runs `SELECT 1`.
 * Host modules are imported dynamically inside the modes so `idle` stays idle; their load time is reported apart
 * (`moduleLoadMs`), the timings start once they are loaded.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Host } from '../../main/host';
import type { Channel, Req, Res } from '../../shared/ipc/contract';
import type { ImportDone } from '../../shared/ipc/events';

const BUCKETS = 2000;
/** The refresh scan on reopen should find nothing to read; past this the child stops waiting and says so. */
const REFRESH_WAIT_MS = 300_000;

type Result = Record<string, number | string | null>;

async function call<C extends Channel>(host: Host, channel: C, req: Req<C>): Promise<Res<C>> {
  const { dispatch } = await import('../../main/ipc/dispatch');
  const r = await dispatch(host.handlers, channel, req, { mode: 'cli' });
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code}: ${r.error.message}`);
  return r.value as Res<C>;
}

/** The next `import:done` for `sourceId` (or any source while it is null), subscribed before the work that fires it. */
function nextImportDone(host: Host, sourceId: () => string | null, timeoutMs: number): Promise<ImportDone | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(null);
    }, timeoutMs);
    const off = host.bus.subscribe((event, payload) => {
      if (event !== 'import:done') return;
      const done = payload as ImportDone;
      const want = sourceId();
      if (want !== null && done.sourceId !== want) return;
      clearTimeout(timer);
      off();
      resolve(done);
    });
  });
}

/** Loads the host's modules (DuckDB's native library included) and returns how to open it; timed apart from opening. */
async function loadHost(): Promise<{ open: (workspaceDir: string) => Promise<Host>; loadMs: number }> {
  const t0 = performance.now();
  const { createHost } = await import('../../main/host');
  await import('../../main/ipc/dispatch');
  return { open: (workspaceDir) => createHost({ workspaceDir, mode: 'web', appVersion: 'bench' }), loadMs: performance.now() - t0 };
}

async function cold(workspaceDir: string, library: string): Promise<Result> {
  const { open, loadMs } = await loadHost();
  const t0 = performance.now();
  const host = await open(workspaceDir);
  const hostOpenMs = performance.now() - t0;
  try {
    let sourceId: string | null = null;
    const done = nextImportDone(host, () => sourceId, 24 * 3600_000);
    const t1 = performance.now();
    sourceId = (await call(host, 'library:add-source', { path: library })).sourceId;
    const result = await done;
    const importMs = performance.now() - t1;
    if (result === null) throw new Error('import never finished');
    if (result.error !== null) throw new Error(`import failed: ${result.error}`);
    const runs = await call(host, 'library:list-runs', {});
    return {
      moduleLoadMs: loadMs,
      hostOpenMs,
      importMs,
      runsImported: result.runsImported,
      warnings: result.warnings,
      runsListed: runs.length,
      pointsStored: runs.reduce((a, r) => a + r.pointCount, 0),
    };
  } finally {
    await host.close();
  }
}

/**
 * Reopen to first chart: host open (cache, workspace, services), the runs list, and the first run's loss curve as the
 * chart asks for it. Also times the same query for the run with the most points, and, with `waitRefresh`, how long
 * the refresh scan the host starts on open takes (it should re-read nothing).
 */
async function warm(workspaceDir: string, waitRefresh: boolean): Promise<Result> {
  const { open, loadMs } = await loadHost();
  const t0 = performance.now();
  const host = await open(workspaceDir);
  // The host starts a refresh of every known source as it opens; it must not hold up the first chart.
  const refresh = waitRefresh ? nextImportDone(host, () => null, REFRESH_WAIT_MS) : Promise.resolve(null);
  const hostOpenMs = performance.now() - t0;
  try {
    const t1 = performance.now();
    const runs = await call(host, 'library:list-runs', {});
    const listMs = performance.now() - t1;
    const first = runs.find((r) => r.lastLoss !== null);
    if (!first?.lastLoss) throw new Error('no run with a loss metric in the library');
    const t2 = performance.now();
    const bundle = await call(host, 'series:query', { runIds: [first.id], metric: first.lastLoss.metric, buckets: BUCKETS });
    const queryMs = performance.now() - t2;
    const firstChartMs = performance.now() - t0;
    const biggest = runs.reduce((a, r) => (r.lastLoss !== null && r.pointCount > a.pointCount ? r : a), first);
    const t3 = performance.now();
    await call(host, 'series:query', { runIds: [biggest.id], metric: biggest.lastLoss?.metric ?? first.lastLoss.metric, buckets: BUCKETS });
    const biggestQueryMs = performance.now() - t3;
    const done = await refresh;
    return {
      firstChartMs,
      moduleLoadMs: loadMs,
      hostOpenMs,
      listMs,
      queryMs,
      runsListed: runs.length,
      chartRunPoints: first.pointCount,
      chartMetric: first.lastLoss.metric,
      drawnPoints: bundle.series.reduce((a, s) => a + s.steps.length, 0),
      biggestRunPoints: biggest.pointCount,
      biggestQueryMs,
      refreshMs: done === null ? null : performance.now() - t0,
      refreshRunsImported: done?.runsImported ?? null,
      refreshRunsSkipped: done?.runsSkipped ?? null,
    };
  } finally {
    await host.close();
  }
}

async function duckdb(workspaceDir: string): Promise<Result> {
  const { CACHE_SCHEMA_VERSION, Engine } = await import('../../main/db/engine');
  const t0 = performance.now();
  const engine = await Engine.open(path.join(workspaceDir, 'cache', `library-v${CACHE_SCHEMA_VERSION}.duckdb`));
  try {
    await engine.writer.runAndReadAll('SELECT 1');
    return { openMs: performance.now() - t0 };
  } finally {
    await engine.close();
  }
}

async function main(args: readonly string[]): Promise<Result> {
  const [mode, a, b] = args;
  if (mode === 'idle') return {};
  if (mode === 'cold' && a && b) return cold(a, b);
  if (mode === 'warm' && a) return warm(a, b === '--wait-refresh');
  if (mode === 'duckdb' && a) return duckdb(a);
  throw new Error(`usage: open-child idle | cold <workspace> <library> | warm <workspace> [--wait-refresh] | duckdb <workspace> (got ${args.join(' ')})`);
}

try {
  const result = await main(process.argv.slice(2));
  process.stdout.write(`${JSON.stringify({ ...result, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
  process.exit(0);
} catch (err) {
  process.stderr.write(`open-child: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
