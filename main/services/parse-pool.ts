import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReadProgress } from './import-source';
import { ParseReply } from './parse-protocol';
import type { RunData } from './read-run';
import { fromWire } from './run-wire';
import type { RunClaim } from './scan';

const MAX_FAILURES = 3;

/** Why a read left the pool without a run: the worker failed (read it on this thread instead), or it was cancelled. */
export class ParseWorkerError extends Error {}

interface Pending {
  readonly resolve: (run: RunData) => void;
  readonly reject: (err: Error) => void;
  readonly progress: ReadProgress;
}

interface Slot {
  readonly worker: Worker;
  /** Reads sent to it and not answered yet, in the order sent (it works through them one at a time). */
  readonly jobs: Map<number, Pending>;
}

/**
 * The built worker sits next to the bundle that loads it (dist/main/parse-worker.mjs, unpacked from the asar archive
 * in a packaged app). From source (tests, the bench) the TypeScript entry is loaded through tsx's loader instead.
 */
function workerScript(): { url: URL; eval: false } | { code: string; eval: true } {
  const here = fileURLToPath(import.meta.url);
  const built = path.join(path.dirname(here), 'parse-worker.mjs').replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
  if (existsSync(built)) return { url: pathToFileURL(built), eval: false };
  const source = pathToFileURL(path.join(path.dirname(here), 'parse-worker.ts')).href;
  // tsx's ESM entry (the package's `require` condition resolves to its CommonJS twin, which cannot register from here).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  // An eval'd worker is a CommonJS script: it registers tsx's loader for this thread, then imports the TypeScript entry.
  return { code: `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); });`, eval: true };
}

/**
 * Worker threads that parse whole runs (parse-worker.ts), so a cold import parses on other cores while the main
 * thread stores. Each read is sent at once to the worker with the fewest outstanding reads, which queues it: a worker
 * goes on to its next run without waiting for the main thread. Results come back with their point arrays moved, not
 * copied. A worker that fails rejects its reads with a ParseWorkerError and is replaced.
 */
export class ParsePool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers lost so far: past MAX_FAILURES the pool stops replacing them and every read fails (callers read in-thread). */
  private failures = 0;
  private readonly cancels = new WeakMap<AbortSignal, Set<() => void>>();

  private constructor(size: number) {
    for (let i = 0; i < size; i++) this.spawnInto();
  }

  static start(size: number): ParsePool {
    return new ParsePool(Math.max(1, size));
  }

  /** Reads one claimed run in a worker. Rejects with a ParseWorkerError when the worker failed or `signal` aborted. */
  read(rootAbs: string, claim: RunClaim, signal: AbortSignal, progress: ReadProgress = {}): Promise<RunData> {
    const slot = this.slots.reduce<Slot | null>((best, s) => (best === null || s.jobs.size < best.jobs.size ? s : best), null);
    if (this.closed || slot === null) return Promise.reject(new ParseWorkerError('parse pool closed'));
    if (signal.aborted) return Promise.reject(new ParseWorkerError('cancelled'));
    return new Promise<RunData>((resolve, reject) => {
      const id = this.nextId++;
      const cancels = this.cancelsOf(signal);
      const cancel = () => slot.worker.postMessage({ type: 'cancel', id });
      cancels.add(cancel);
      const settle = <T>(fn: (v: T) => void) => (v: T) => {
        cancels.delete(cancel);
        fn(v);
      };
      slot.jobs.set(id, { resolve: settle(resolve), reject: settle(reject), progress });
      // A busy worker keeps the process alive (a CLI import awaits nothing else); an idle one does not.
      slot.worker.ref();
      slot.worker.postMessage({ type: 'read', id, rootAbs, relPath: claim.relPath, files: [...claim.files], importerId: claim.importer.id, importerVersion: claim.importer.version, ...(claim.options ? { options: { ...claim.options } } : {}) });
    });
  }

  /** One abort listener per signal, whatever the number of reads under it (an import has dozens in flight). */
  private cancelsOf(signal: AbortSignal): Set<() => void> {
    let set = this.cancels.get(signal);
    if (!set) {
      const fns = new Set<() => void>();
      signal.addEventListener('abort', () => fns.forEach((f) => f()), { once: true });
      this.cancels.set(signal, fns);
      set = fns;
    }
    return set;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  /** Starts a worker; one that cannot even start (no built entry and no tsx to load the source) counts as a failure. */
  private spawnInto(): void {
    let worker: Worker;
    try {
      const script = workerScript();
      worker = script.eval ? new Worker(script.code, { eval: true }) : new Worker(script.url);
    } catch {
      this.failures++;
      return;
    }
    worker.unref();
    const slot: Slot = { worker, jobs: new Map() };
    worker.on('message', (raw: unknown) => this.onMessage(slot, raw));
    worker.on('error', (err) => this.fail(slot, err));
    worker.on('exit', (code) => this.fail(slot, new Error(`parse worker exited with code ${code}`)));
    this.slots.push(slot);
  }

  private onMessage(slot: Slot, raw: unknown): void {
    const parsed = ParseReply.safeParse(raw);
    if (!parsed.success) {
      this.fail(slot, new Error(`malformed reply: ${parsed.error.message}`));
      return;
    }
    const msg = parsed.data;
    const job = slot.jobs.get(msg.id);
    if (!job) return;
    if (msg.type === 'file') {
      job.progress.onFileRead?.(msg.rel, msg.bytes);
      return;
    }
    slot.jobs.delete(msg.id);
    if (slot.jobs.size === 0) slot.worker.unref();
    if (msg.type === 'done') job.resolve(fromWire(msg.run));
    else job.reject(new ParseWorkerError(msg.aborted ? 'cancelled' : msg.message));
  }

  /** A worker died: its reads fail (the caller reads them on its own thread) and a fresh worker takes its place. */
  private fail(slot: Slot, err: Error): void {
    const i = this.slots.indexOf(slot);
    // 'error' is followed by 'exit': the slot is handled once.
    if (i < 0) return;
    this.slots.splice(i, 1);
    void slot.worker.terminate();
    for (const job of slot.jobs.values()) job.reject(new ParseWorkerError(`parse worker failed: ${err.message}`));
    slot.jobs.clear();
    // Workers that cannot run here (a missing or broken entry) are not tried forever: reads then fail at once.
    if (this.closed || ++this.failures > MAX_FAILURES) return;
    this.spawnInto();
  }
}
