import { randomUUID } from 'node:crypto';
import type { Importer } from '../../shared/importers/importer';
import type { ImportDone } from '../../shared/ipc/events';
import type { Engine } from '../db/engine';
import { Q } from '../db/queries';
import type { EventBus } from '../ipc/event-bus';
import { fingerprintRun } from './fingerprint';
import { readClaim, runDisplayName, scanSource } from './import-source';
import { errorMessage } from './read-run';
import { deleteRuns, storeRun } from './store-run';

interface Job {
  readonly id: string;
  readonly sourceId: string;
  readonly rootAbs: string;
  readonly controller: AbortController;
  readonly done: Promise<ImportDone>;
}

const PROGRESS_INTERVAL_MS = 100;

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

  constructor(
    private readonly engine: Engine,
    private readonly bus: EventBus,
    private readonly importers: readonly Importer[],
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
  }

  async idle(): Promise<void> {
    await Promise.allSettled([...this.jobs.values()].map((j) => j.done));
  }

  private async run(jobId: string, sourceId: string, rootAbs: string, signal: AbortSignal): Promise<ImportDone> {
    const result = { jobId, sourceId, runsImported: 0, runsSkipped: 0, warnings: 0, cancelled: false, error: null as string | null };
    const conn = this.engine.writer;
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
      const scanned = await scanSource(rootAbs, this.importers, signal);
      // A walk cut short by cancel has not seen every run: it must not delete the ones it missed.
      if (signal.aborted) throw new DOMException('Import cancelled', 'AbortError');
      const known = new Map((await this.engine.all(Q.runFingerprints, [sourceId], conn)).map((r) => [r.id, r]));
      const plan = [];
      for (const claim of scanned.scan.claims) {
        const runId = `${sourceId}/${claim.relPath}`;
        const fp = await fingerprintRun(rootAbs, claim.importer.id, claim.importer.version, claim.files, (rel) => scanned.files.get(rel));
        const prev = known.get(runId);
        known.delete(runId);
        if (prev && prev.fingerprint === fp) {
          result.runsSkipped++;
          continue;
        }
        plan.push({ claim, runId, fp });
        for (const f of claim.files) progress.bytesTotal += scanned.files.get(f)?.size ?? 0;
        progress.filesTotal += claim.files.length;
      }
      // Runs whose folders are gone (or now claimed differently) leave the cache.
      await deleteRuns(conn, [...known.keys()]);
      // Folder-level notes: two formats claimed the same files equally (the first in registry order was used).
      await conn.run('DELETE FROM warnings WHERE source_id = $1 AND run_id IS NULL', [sourceId]);
      for (const t of scanned.scan.ties) {
        await conn.run('INSERT INTO warnings VALUES (NULL, $1, $2, NULL, $3)', [
          sourceId,
          t.relPath === '' ? '.' : t.relPath,
          `Read as ${t.formats[0]}; it also looks like ${t.formats.slice(1).join(', ')} with equal confidence.`,
        ]);
      }
      if (this.nextMetricId === null) this.nextMetricId = ((await this.engine.all(Q.metricIdMax, [], conn))[0]?.max_id ?? 0) + 1;
      emit('importing', true);
      for (const { claim, runId, fp } of plan) {
        if (signal.aborted) break;
        const data = await readClaim(scanned, claim, signal, {
          onFileRead: (rel, bytes) => {
            progress.filesDone++;
            progress.bytesDone += bytes;
            progress.currentFile = rel;
            emit('importing');
          },
        });
        if (signal.aborted) break;
        const name = runDisplayName(rootAbs, claim.relPath, data.name);
        this.nextMetricId = await storeRun(conn, { runId, sourceId, name, fingerprint: fp }, data, this.nextMetricId);
        result.runsImported++;
        result.warnings += data.warnings.length;
      }
      result.cancelled = signal.aborted;
      emit('finishing', true);
      await conn.run("UPDATE sources SET state = 'ready' WHERE id = $1", [sourceId]);
    } catch (err) {
      result.cancelled = signal.aborted;
      result.error = result.cancelled ? null : errorMessage(err);
      await conn.run("UPDATE sources SET state = $2, error = $3 WHERE id = $1", [sourceId, result.cancelled ? 'ready' : 'error', result.error]).catch(() => undefined);
    }
    this.bus.emit('import:done', result);
    this.bus.emit('library:changed', { reason: 'import' });
    return result;
  }
}
