import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Importer } from '../../shared/importers/importer';
import type { ImportDone } from '../../shared/ipc/events';
import type { Engine } from '../db/engine';
import { Q } from '../db/queries';
import type { EventBus } from '../ipc/event-bus';
import { fingerprintRun } from './fingerprint';
import type { AppendPlan, FollowState } from './follow-plan';
import { holdBackTailWarnings, nextFollowState, planAppend } from './follow-plan';
import type { ScanChoices } from './import-source';
import { readClaim, readClaimAppend, runDisplayName, scanSource } from './import-source';
import { importers as registryImporters } from '../importers/registry';
import { ParsePool, ParseWorkerError } from './parse-pool';
import type { RunData } from './read-run';
import { errorMessage } from './read-run';
import type { ScanResult } from './scan';
import { deleteRuns } from './delete-runs';
import type { BatchLimits } from './run-batch';
import { BatchedRunWriter } from './run-batch';
import { appendRun } from './store-run';
import { withTransaction } from '../db/transaction';

interface Job {
  readonly id: string;
  readonly sourceId: string;
  readonly rootAbs: string;
  readonly controller: AbortController;
  readonly done: Promise<ImportDone>;
}

const PROGRESS_INTERVAL_MS = 100;
/** Below this many whole runs to read, starting worker threads (their modules load in ~0.3 s) costs more than it saves. */
const POOL_MIN_RUNS = 16;
/** How far parse workers may run ahead of storing: runs, and bytes of their files. */
const READ_AHEAD_RUNS = 64;
const READ_AHEAD_BYTES = 128 * 2 ** 20;

/** Importers a parse worker has too (tests may pass their own, which are read on the main thread). */
const registered: ReadonlySet<Importer> = new Set(registryImporters);

/**
 * Parsing is most of a cold import's work (about three times the storing, profiled): workers take the cores but one,
 * and at least two, so on a 2-core laptop parsing uses both cores while the main thread's share interleaves.
 */
function defaultParseWorkers(): number {
  return Math.max(2, Math.min(4, availableParallelism() - 1));
}
/**
 * Live follow: a file that ends inside a record and was written less than this long ago is taken to be mid-write, and
 * the warning waits; the source is looked at again after this long, and a tail still cut then is reported.
 */
export const TAIL_QUIET_MS = 4000;
/** Marks a stored fingerprint whose run had a tail warning held back, so the next look reads the run again. */
const TAIL_PENDING = '~tail-pending';

export interface ImportJobsOptions {
  /** Folders are watched (live follow): hold back tail warnings on files still being written. */
  readonly follow?: boolean;
  /** The user's import choices (main/services/import-choices.ts): what a scan honours, and what it found (ties, table runs). */
  readonly choices?: {
    scanChoices(sourceId: string): ScanChoices | undefined;
    scanned(sourceId: string, scan: ScanResult): void;
  };
  /** Worker threads that parse a many-run import (0: parse on the main thread); see defaultParseWorkers. */
  readonly parseWorkers?: number;
  /** When whole runs are committed (IMPORT_BATCH by default). */
  readonly batch?: BatchLimits;
}

/**
 * Imports sources one at a time on the engine's writer connection (DuckDB has one writer). Unchanged runs are
 * skipped by fingerprint; changed runs are replaced in a transaction; runs that vanished from disk are dropped.
 */
export class ImportJobs {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly jobs = new Map<string, Job>();
  private nextMetricId: number | null = null;
  /** Sources with a job queued but not started: another request for them adds nothing. */
  private readonly queuedSources = new Set<string>();
  /** Per run id: where each of its files can be continued (this session only; a restart reads changed runs whole). */
  private readonly followed = new Map<string, FollowState>();
  private readonly recheckTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly engine: Engine,
    private readonly bus: EventBus,
    private readonly importers: readonly Importer[],
    private readonly opts: ImportJobsOptions = {},
  ) {}

  get running(): number {
    return this.jobs.size;
  }

  start(sourceId: string, rootAbs: string): { jobId: string; done: Promise<ImportDone> } {
    const id = randomUUID();
    const controller = new AbortController();
    this.queuedSources.add(sourceId);
    const done = this.queue.then(() => {
      this.queuedSources.delete(sourceId);
      return this.run(id, sourceId, rootAbs, controller.signal);
    });
    this.queue = done.catch(() => undefined);
    const job: Job = { id, sourceId, rootAbs, controller, done };
    this.jobs.set(id, job);
    void done.finally(() => this.jobs.delete(id));
    return { jobId: id, done };
  }

  /** Starts a job unless one for this source is already waiting (live follow calls this on every burst of changes). */
  startUnlessQueued(sourceId: string, rootAbs: string): void {
    if (!this.queuedSources.has(sourceId)) this.start(sourceId, rootAbs);
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) return false;
    job.controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const j of this.jobs.values()) j.controller.abort();
    for (const t of this.recheckTimers.values()) clearTimeout(t);
    this.recheckTimers.clear();
  }

  async idle(): Promise<void> {
    await Promise.allSettled([...this.jobs.values()].map((j) => j.done));
  }

  private async run(jobId: string, sourceId: string, rootAbs: string, signal: AbortSignal): Promise<ImportDone> {
    const result = { jobId, sourceId, runsImported: 0, runsAppended: 0, runsSkipped: 0, warnings: 0, cancelled: false, error: null as string | null };
    const conn = this.engine.writer;
    // Whole runs are stored many per transaction (run-batch.ts); a live append has its own.
    const writer = new BatchedRunWriter(conn, this.opts.batch);
    let pool: ParsePool | null = null;
    let lastEmit = 0;
    const progress = { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, currentFile: null as string | null };
    const emit = (phase: 'scanning' | 'importing' | 'finishing', force = false) => {
      const now = Date.now();
      if (!force && now - lastEmit < PROGRESS_INTERVAL_MS) return;
      lastEmit = now;
      this.bus.emit('import:progress', { jobId, sourceId, phase, ...progress });
    };
    try {
      await conn.run("UPDATE sources SET state = 'importing', error = NULL WHERE id = $1", [sourceId]);
      emit('scanning', true);
      const scanned = await scanSource(rootAbs, this.importers, signal, this.opts.choices?.scanChoices(sourceId));
      // A walk cut short by cancel has not seen every run: it must not delete the ones it missed.
      if (signal.aborted) throw new DOMException('Import cancelled', 'AbortError');
      const known = new Map((await this.engine.all(Q.runFingerprints, [sourceId], conn)).map((r) => [r.id, r]));
      const plan: { claim: (typeof scanned.scan.claims)[number]; runId: string; fp: string; stored: boolean; append: AppendPlan | null }[] = [];
      const stat = (rel: string) => scanned.files.get(rel);
      for (const claim of scanned.scan.claims) {
        const runId = `${sourceId}/${claim.relPath}`;
        const fp = await fingerprintRun(rootAbs, claim.importer.id, claim.importer.version, claim.files, (rel) => scanned.files.get(rel), claim.options);
        const prev = known.get(runId);
        known.delete(runId);
        if (prev && prev.fingerprint === fp) {
          result.runsSkipped++;
          continue;
        }
        // User options change how every byte is read: a run with options is read whole when anything changed.
        const canResume = claim.importer.resume !== undefined && claim.options === undefined;
        const append = prev ? planAppend(this.followed.get(runId), { id: claim.importer.id, version: claim.importer.version, canResume }, claim.files, stat) : null;
        plan.push({ claim, runId, fp, stored: prev !== undefined, append });
        if (append) {
          progress.bytesTotal += append.bytes;
          progress.filesTotal += append.grown.size;
        } else {
          for (const f of claim.files) progress.bytesTotal += stat(f)?.size ?? 0;
          progress.filesTotal += claim.files.length;
        }
      }
      // Runs whose folders are gone (or now claimed differently) leave the cache.
      // In one transaction: a crash mid-way must not leave a half-deleted run that a later import takes as unchanged.
      await withTransaction(conn, () => deleteRuns(conn, [...known.keys()]));
      for (const id of known.keys()) this.followed.delete(id);
      // Folder-level notes: two formats claimed the same files equally (the user's choice, else the first in registry order, was used).
      await conn.run('DELETE FROM warnings WHERE source_id = $1 AND run_id IS NULL', [sourceId]);
      for (const t of scanned.scan.ties) {
        await conn.run('INSERT INTO warnings VALUES (NULL, $1, $2, NULL, $3)', [
          sourceId,
          t.relPath === '' ? '.' : t.relPath,
          t.chosen
            ? `Read as ${t.chosen} (your choice); it also looks like ${t.formats.filter((f) => f !== t.chosen).join(', ')}.`
            : `Read as ${t.formats[0]}; it also looks like ${t.formats.slice(1).join(', ')} with equal confidence.`,
        ]);
      }
      this.opts.choices?.scanned(sourceId, scanned.scan);
      if (this.nextMetricId === null) this.nextMetricId = ((await this.engine.all(Q.metricIdMax, [], conn))[0]?.max_id ?? 0) + 1;
      emit('importing', true);
      const onFileRead = (rel: string, bytes: number) => {
        progress.filesDone++;
        progress.bytesDone += bytes;
        progress.currentFile = rel;
        emit('importing');
      };
      let held = 0;
      // Read ahead: runs are read and parsed while DuckDB stores the current one (its own threads). A library of many
      // runs is parsed in worker threads, several runs ahead; a few runs, or importers a test supplied, on this one.
      const wholeReads = plan.filter((p) => !p.append && registered.has(p.claim.importer)).length;
      const workers = wholeReads >= POOL_MIN_RUNS ? (this.opts.parseWorkers ?? defaultParseWorkers()) : 0;
      pool = workers > 0 ? ParsePool.start(workers) : null;
      // Workers read ahead far enough to keep parsing through a commit (100+ ms of DuckDB work, several runs' worth of
      // parsing), bounded by the bytes being read. On this thread nothing beyond the run needed next: readAhead(i + 1)
      // after each read starts the next run while this one is stored.
      const ahead = pool ? { runs: READ_AHEAD_RUNS, bytes: READ_AHEAD_BYTES } : { runs: 0, bytes: 0 };
      const bytesOf = (item: (typeof plan)[number]) => item.claim.files.reduce((a, f) => a + (stat(f)?.size ?? 0), 0);
      let bytesAhead = 0;
      const readHere = (item: (typeof plan)[number]) => (item.append ? readClaimAppend(scanned, item.claim, item.append.grown, signal, { onFileRead }) : readClaim(scanned, item.claim, signal, { onFileRead }));
      const readItem = (item: (typeof plan)[number]): Promise<RunData> => {
        if (!pool || item.append || !registered.has(item.claim.importer)) return readHere(item);
        // A worker that failed (not a cancel) leaves the run to this thread.
        return pool.read(rootAbs, item.claim, signal, { onFileRead }).catch((err: unknown) => {
          if (signal.aborted) throw new DOMException('Import cancelled', 'AbortError');
          if (err instanceof ParseWorkerError) return readHere(item);
          throw err;
        });
      };
      const reads = new Map<number, Promise<RunData>>();
      let requested = 0;
      const readAhead = (from: number) => {
        // Always the run needed next; then more while under both bounds.
        while (requested < plan.length && !signal.aborted && (requested <= from || (requested - from < ahead.runs && bytesAhead < ahead.bytes))) {
          const item = plan[requested] as (typeof plan)[number];
          const size = bytesOf(item);
          bytesAhead += size;
          const r = readItem(item).finally(() => (bytesAhead -= size));
          // Awaited in turn, or dropped if the import stops first: never an unhandled rejection.
          r.catch(() => undefined);
          reads.set(requested++, r);
        }
      };
      for (let i = 0; i < plan.length; i++) {
        const { claim, runId, fp, stored, append } = plan[i] as (typeof plan)[number];
        readAhead(i);
        const current = reads.get(i);
        reads.delete(i);
        if (signal.aborted || current === undefined) break;
        const read = await current;
        readAhead(i + 1);
        const identity = { id: claim.importer.id, version: claim.importer.version };
        if (append) {
          const gained = read;
          if (signal.aborted) break;
          // Points, lines and warnings append; anything else (new config, checkpoints, evals) means read it whole.
          if (isPlainAppend(gained)) {
            held += this.holdBack(gained, stat);
            const fingerprint = held > 0 ? fp + TAIL_PENDING : fp;
            await writer.flush();
            this.nextMetricId = await appendRun(conn, { runId, sourceId, name: '', fingerprint }, gained, append.grown, this.nextMetricId);
            this.followed.set(runId, nextFollowState(identity, claim.files, stat, gained.resumePoints, this.followed.get(runId)?.points));
            result.runsAppended++;
            result.warnings += gained.warnings.length;
            continue;
          }
        }
        const data = append ? await readClaim(scanned, claim, signal, { onFileRead }) : read;
        if (signal.aborted) break;
        const heldHere = this.holdBack(data, stat);
        held += heldHere;
        const name = runDisplayName(rootAbs, claim.relPath, data.name);
        this.nextMetricId = await writer.add({ runId, sourceId, name, fingerprint: heldHere > 0 ? fp + TAIL_PENDING : fp }, data, this.nextMetricId, stored);
        if (claim.importer.resume) this.followed.set(runId, nextFollowState(identity, claim.files, stat, data.resumePoints));
        result.runsImported++;
        result.warnings += data.warnings.length;
      }
      await writer.flush();
      if (held > 0) this.recheckLater(sourceId, rootAbs);
      result.cancelled = signal.aborted;
      emit('finishing', true);
      await conn.run("UPDATE sources SET state = 'ready' WHERE id = $1", [sourceId]);
    } catch (err) {
      await writer.abandon().catch(() => undefined);
      // Metric ids handed out to the abandoned batch were never stored: the cache is asked again next time.
      this.nextMetricId = null;
      result.cancelled = signal.aborted;
      result.error = result.cancelled ? null : errorMessage(err);
      await conn.run("UPDATE sources SET state = $2, error = $3 WHERE id = $1", [sourceId, result.cancelled ? 'ready' : 'error', result.error]).catch(() => undefined);
    }
    await pool?.close();
    this.bus.emit('import:done', result);
    this.bus.emit('library:changed', { reason: 'import' });
    return result;
  }

  /** Drops tail warnings on files still being written (live follow only); returns how many were held back. */
  private holdBack(data: RunData, stat: (rel: string) => { size: number; mtimeMs: number } | undefined): number {
    if (!this.opts.follow) return 0;
    const { keep, held } = holdBackTailWarnings(data.warnings, data.resumePoints, stat, Date.now(), TAIL_QUIET_MS);
    data.warnings.splice(0, data.warnings.length, ...keep);
    return held;
  }

  private recheckLater(sourceId: string, rootAbs: string): void {
    if (this.recheckTimers.has(sourceId)) return;
    const t = setTimeout(() => {
      this.recheckTimers.delete(sourceId);
      this.startUnlessQueued(sourceId, rootAbs);
    }, TAIL_QUIET_MS + 250);
    t.unref();
    this.recheckTimers.set(sourceId, t);
  }
}

function isPlainAppend(d: RunData): boolean {
  return d.configs.length === 0 && d.checkpoints.length === 0 && d.evals.length === 0 && d.samples.length === 0;
}
