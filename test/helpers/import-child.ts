/**
 * Child process for the import crash tests: opens a host on a workspace, adds a library folder and imports it, then
 * closes the host (DuckDB's checkpoint) and waits to be killed. Run with HOST_NODE_ARGS (test/helpers/kill-child.ts).
 * Prints, one per line:
 * - `opened` once the host is open (the cache opened, its WAL replayed);
 * - `phase <scanning|importing|finishing>` as the import moves on;
 * - `committed <points> <run id>` for each run the cache holds, as the reader connection sees it: only a committed
 *   transaction is visible there, so every such run was stored whole before the line was printed;
 * - `imported <runs imported> <runs skipped> <error|null>`, then `closing` and `closed` around the host's close.
 * With `--open-only` it opens the host, prints `opened` and exits; a failure to open prints `error <message>`.
 */
import type { Host } from '../../main/host';
import type { ImportProgress } from '../../shared/ipc/events';
import { createHost } from '../../main/host';
import { call, importFolder } from './host';

const [workspace, library, flag] = process.argv.slice(2);
if (!workspace || !library) throw new Error('usage: import-child <workspace> <library folder> [--open-only]');

const say = (line: string) => process.stdout.write(`${line}\n`);

let host: Host;
try {
  // One run per commit: kills land between commits of single runs (a large library's default batches hold many; the
  // all-or-nothing of a batch is tested in test/unit/services/run-batch.test.ts).
  host = await createHost({ workspaceDir: workspace, mode: 'web', appVersion: 'test', importBatch: { runs: 1, points: Number.POSITIVE_INFINITY, ms: Number.POSITIVE_INFINITY } });
} catch (err) {
  say(`error ${(err as Error).message.replaceAll('\n', ' ')}`);
  process.exit(1);
}
say('opened');
if (flag === '--open-only') {
  await host.close();
  process.exit(0);
}

let phase: string | null = null;
host.bus.subscribe((event, payload) => {
  if (event !== 'import:progress') return;
  const p = payload as ImportProgress;
  if (p.phase !== phase) say(`phase ${(phase = p.phase)}`);
});

const reported = new Map<string, number>();
const report = async () => {
  for (const r of await call(host, 'library:list-runs', {})) {
    if (reported.get(r.id) === r.pointCount) continue;
    reported.set(r.id, r.pointCount);
    say(`committed ${r.pointCount} ${r.id}`);
  }
};
let polling = true;
const poller = (async () => {
  while (polling) {
    await report();
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
})();

const done = await importFolder(host, library);
polling = false;
await poller;
await report();
say(`imported ${done.runsImported} ${done.runsSkipped} ${done.error ?? 'null'}`);
say('closing');
await host.close();
say('closed');
// Stay up to be killed: the test decides when this process ends.
setInterval(() => undefined, 60_000);
