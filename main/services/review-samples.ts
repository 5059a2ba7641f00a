import { parseSampleMetrics } from '../../shared/util/sample-metrics';
import type { SampleInput, SampleReview } from '../../shared/analysis/review/sample-flips';
import { buildSampleReview, sampleDetail, selectSamples } from '../../shared/analysis/review/sample-flips';
import type { SampleDetail, SampleReq, SamplesPage, SamplesReq } from '../../shared/domain/review';
import { AppError } from '../../shared/ipc/result';
import type { Engine } from '../db/engine';
import { Q } from '../db/queries';

/**
 * Matched reviews kept. Each holds every logged document's text for its runs (tens of MB for a 14k-document mmlu
 * run), so only a few: enough for flipping between a couple of selections without re-reading.
 */
const CACHE_ENTRIES = 3;

interface Loaded {
  readonly review: SampleReview;
  readonly withoutSamples: readonly string[];
}

/** Numeric per-sample values; lm-eval writes booleans for some 0/1 metrics. */
/**
 * Per-sample review (issue 8 §3): the runs' logged documents are read and matched once per set of columns and run
 * versions; filters, search and the candidate column are then answered from memory.
 */
export class SamplesService {
  /** Pending or done loads, oldest first; a pending one is shared by concurrent requests. */
  private readonly cache = new Map<string, Promise<Loaded>>();

  constructor(private readonly engine: Engine) {}

  async page(req: SamplesReq): Promise<SamplesPage> {
    const { review, withoutSamples } = await this.load(req.runIds);
    const candidate = req.candidate ?? req.runIds.length - 1;
    if (candidate >= req.runIds.length) throw new AppError('invalid-request', `Candidate column ${candidate} does not exist: ${req.runIds.length} runs are compared (columns 0–${req.runIds.length - 1}, 0 is the baseline).`);
    const sel = selectSamples(review, { candidate, task: req.task, category: req.category, flip: req.flip, search: req.search });
    return {
      runIds: [...req.runIds],
      candidate,
      tasks: [...sel.tasks],
      categories: [...sel.categories],
      counts: sel.counts,
      rows: [...sel.rows],
      truncated: sel.truncated,
      withoutSamples: [...withoutSamples],
    };
  }

  async detail(req: SampleReq): Promise<SampleDetail> {
    const { review } = await this.load(req.runIds);
    const d = sampleDetail(review, req.runIds, req.key);
    if (d === null) throw new AppError('not-found', `No document ${req.key} is logged by every one of the compared runs.`);
    return d;
  }

  private async load(runIds: readonly string[]): Promise<Loaded> {
    const ids = [...new Set(runIds)];
    // Re-importing a run changes its version, so a stale review is never served.
    const versions = await this.engine.all(Q.runVersions, [ids]);
    const missing = ids.filter((id) => !versions.some((v) => v.id === id));
    if (missing.length > 0) throw new AppError('not-found', `${missing.length === 1 ? 'Run' : 'Runs'} ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the library.`);
    const key = JSON.stringify([runIds, versions]);
    const hit = this.cache.get(key);
    if (hit) {
      // Most recently used last, so eviction drops the least recently used.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const pending = this.read(runIds, ids);
    this.cache.set(key, pending);
    pending.catch(() => this.cache.delete(key));
    while (this.cache.size > CACHE_ENTRIES) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    return pending;
  }

  private async read(runIds: readonly string[], ids: readonly string[]): Promise<Loaded> {
    const rows = await this.engine.all(Q.listEvalSamples, [ids]);
    const byRun = new Map<string, SampleInput[]>(ids.map((id) => [id, []]));
    for (const r of rows) {
      byRun.get(r.run_id)?.push({
        task: r.task,
        filter: r.filter,
        docId: r.doc_id,
        docHash: r.doc_hash,
        category: r.category,
        target: r.target,
        prompt: r.prompt,
        response: r.response,
        metrics: parseSampleMetrics(r.metrics_json),
      });
    }
    const review = buildSampleReview(runIds.map((id) => byRun.get(id) ?? []));
    return { review, withoutSamples: ids.filter((id) => (byRun.get(id)?.length ?? 0) === 0) };
  }
}
