import type { FSWatcher } from 'node:fs';
import { watch } from 'node:fs';

/** How long a burst of file events must go quiet before the folder is rescanned (a writer appends in bursts). */
export const SETTLE_MS = 300;
/** Where recursive fs.watch is unavailable, poll this often; live follow promises updates within 2 s. */
export const POLL_MS = 1500;

export interface WatchTarget {
  readonly id: string;
  readonly path: string;
}

/**
 * Follows added folders while the app is open: a change anywhere below a folder schedules one rescan of it, which
 * re-imports only the runs whose files changed (fingerprints). Recursive fs.watch where the platform has it, polling
 * otherwise. Never throws: a folder that vanished is simply rescanned (and reported by the import).
 */
export class FolderWatcher {
  private readonly watchers = new Map<string, { close(): void }>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly rescan: (sourceId: string) => void,
    private readonly opts: { settleMs?: number; pollMs?: number; forcePolling?: boolean } = {},
  ) {}

  watch(target: WatchTarget): void {
    if (this.watchers.has(target.id)) return;
    const onChange = () => this.schedule(target.id);
    let w: FSWatcher | null = null;
    if (!this.opts.forcePolling) {
      try {
        w = watch(target.path, { recursive: true, persistent: false }, onChange);
        w.on('error', () => undefined);
      } catch {
        w = null;
      }
    }
    if (w) {
      const fsw = w;
      this.watchers.set(target.id, { close: () => fsw.close() });
      return;
    }
    const interval = setInterval(onChange, this.opts.pollMs ?? POLL_MS);
    interval.unref();
    this.watchers.set(target.id, { close: () => clearInterval(interval) });
  }

  unwatch(id: string): void {
    this.watchers.get(id)?.close();
    this.watchers.delete(id);
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
  }

  close(): void {
    for (const id of [...this.watchers.keys()]) this.unwatch(id);
  }

  private schedule(id: string): void {
    const prev = this.timers.get(id);
    if (prev) clearTimeout(prev);
    const t = setTimeout(() => {
      this.timers.delete(id);
      if (this.watchers.has(id)) this.rescan(id);
    }, this.opts.settleMs ?? SETTLE_MS);
    t.unref();
    this.timers.set(id, t);
  }
}
