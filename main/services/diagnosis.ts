import { computeGoodput } from '../../shared/analysis/diagnosis/goodput';
import type { LogFile } from '../../shared/analysis/diagnosis/diagnose';
import { diagnoseLogs } from '../../shared/analysis/diagnosis/diagnose';
import { savedCheckpointSteps } from '../../shared/analysis/diagnosis/saved-checkpoints';
import type { Goodput, LogContext, LogContextReq, RunDiagnosis } from '../../shared/domain/diagnosis';
import { pickLossMetric } from '../../shared/domain/loss-metric';
import { AppError } from '../../shared/ipc/result';
import type { Engine } from '../db/engine';
import { Q } from '../db/queries';

/** Diagnoses kept (one per run version): a run's logs are read and matched once per import, not per request. */
const CACHE_ENTRIES = 256;
/** Lines shown around "open the log at this line" unless the request says otherwise. */
const CONTEXT_BEFORE = 30;
const CONTEXT_AFTER = 60;

/** Stored lines of one run as files of consecutive lines (a gap, e.g. lines dropped from a damaged file, starts a new piece). */
export function logFilesOf(rows: readonly { file: string; line: number; text: string }[]): LogFile[] {
  const out: { file: string; lines: string[]; firstLine: number }[] = [];
  let cur: { file: string; lines: string[]; firstLine: number } | null = null;
  for (const r of rows) {
    if (cur === null || cur.file !== r.file || cur.firstLine + cur.lines.length !== r.line) {
      cur = { file: r.file, lines: [], firstLine: r.line };
      out.push(cur);
    }
    cur.lines.push(r.text);
  }
  return out;
}

/**
 * Failure diagnosis per run (issue 9): the run's stored log lines through the rule table (shared/analysis/diagnosis),
 * and goodput from its main series' steps and wall times plus its checkpoint cadence.
 */
export class DiagnosisService {
  private readonly cache = new Map<string, RunDiagnosis>();

  constructor(private readonly engine: Engine) {}

  async forRuns(runIds: readonly string[]): Promise<RunDiagnosis[]> {
    const ids = [...new Set(runIds)];
    if (ids.length === 0) return [];
    const versions = await this.engine.all(Q.runVersions, [ids]);
    const out: RunDiagnosis[] = [];
    for (const v of versions) {
      const key = `${v.id}|${v.fingerprint}|${v.imported_at_ms}`;
      let hit = this.cache.get(key);
      if (!hit) {
        hit = await this.diagnose(v.id);
        if (this.cache.size >= CACHE_ENTRIES) {
          const oldest = this.cache.keys().next().value;
          if (oldest !== undefined) this.cache.delete(oldest);
        }
        this.cache.set(key, hit);
      }
      out.push(hit);
    }
    // In the order asked; ids not in the library are left out.
    const order = new Map(ids.map((id, i) => [id, i]));
    return out.sort((a, b) => (order.get(a.runId) ?? 0) - (order.get(b.runId) ?? 0));
  }

  private async diagnose(runId: string): Promise<RunDiagnosis> {
    const rows = await this.engine.all(Q.listLogLines, [runId]);
    const files = logFilesOf(rows);
    const events = diagnoseLogs(files);
    const counts: Record<string, number> = {};
    for (const e of events) counts[e.category] = (counts[e.category] ?? 0) + 1;
    const root = events.find((e) => e.root);
    const fromLog = savedCheckpointSteps(rows.map((r) => r.text));
    return { runId, events, counts, rootId: root?.id ?? null, goodput: await this.goodput(runId, fromLog), linesRead: rows.length };
  }

  /** Goodput over the run's loss series (the one its charts lead with); null when it logs none. */
  private async goodput(runId: string, loggedCheckpoints: readonly number[]): Promise<Goodput | null> {
    const [metrics, checkpoints] = await Promise.all([this.engine.all(Q.listMetrics, [[runId]]), this.engine.all(Q.listCheckpoints, [[runId]])]);
    const loss = pickLossMetric(metrics.map((m) => m.name));
    const metric = metrics.find((m) => m.name === loss);
    if (!metric) return null;
    const points = await this.engine.all(Q.progressPoints, [metric.id]);
    const recorded = checkpoints.flatMap((c) => (c.step === null ? [] : [c.step]));
    return computeGoodput({ points, checkpointSteps: [...new Set([...recorded, ...loggedCheckpoints])] });
  }

  async logContext(req: LogContextReq): Promise<LogContext> {
    const [size] = await this.engine.all(Q.logFileSize, [req.runId, req.file]);
    if (!size || size.n === 0) throw new AppError('not-found', `The run has no stored log ${JSON.stringify(req.file)}.`);
    const first = Math.max(1, req.line - (req.before ?? CONTEXT_BEFORE));
    const last = req.line + (req.after ?? CONTEXT_AFTER);
    const lines = await this.engine.all(Q.logContext, [req.runId, req.file, first, last]);
    return { file: req.file, lines: lines.map((l) => ({ line: l.line, text: l.text })), totalLines: size.last_line };
  }
}
