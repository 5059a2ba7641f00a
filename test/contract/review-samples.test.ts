import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../main/db/engine';
import type { Host } from '../../main/host';
import { dispatch } from '../../main/ipc/dispatch';
import type { FlipCounts, FlipKind } from '../../shared/domain/review';
import { call, importFolder, openHost } from '../helpers/host';
import { hasRealdata, realdataDir, repoRoot, tempDir } from '../helpers/paths';

/**
 * Per-sample review (issue 8 §3) through the real host: lm-eval samples files imported, matched across runs, flips
 * counted. Expected numbers are computed here from the files themselves.
 */

type Line = { doc_id: number; acc: number; target: string; doc: { solution_type?: string }; filtered_resps: unknown; arguments: { gen_args_0: { arg_0: string } } };

const ASDIV = path.join(realdataDir, 'lm-eval', 'EleutherAI__lm-evaluation-harness', 'results', 'asdiv', 'meta-llama__Meta-Llama-3-8B-Instruct');
const RESULTS = 'results_2024-08-21T03-44-09.494230.json';
const SAMPLES = 'samples_asdiv_2024-08-21T03-44-09.494230.jsonl';
/** Run B answers every 7th document the other way round (with another response). */
const FLIPPED = (docId: number) => docId % 7 === 0;
const WRONG_RESPONSE = [['-7.25', 'False']];
const RIGHT_RESPONSE = [['-0.0625', 'True']];

const parseLines = (text: string): Line[] =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line);

/** lm-eval's response is `filtered_resps[0]`; asdiv's is a [logprob, is_greedy] pair, shown as JSON. */
const firstResponse = (x: Line): string => JSON.stringify((x.filtered_resps as unknown[])[0]);

function flipOf(a: number, b: number): FlipKind {
  if (a === 1 && b === 0) return 'right-to-wrong';
  if (a === 0 && b === 1) return 'wrong-to-right';
  return a === 1 ? 'both-right' : 'both-wrong';
}

describe.skipIf(!hasRealdata)('per-sample review over the real asdiv samples (Llama-3-8B-Instruct)', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let host: Host;
  let a: Line[];
  let b: Line[];
  const id: Record<string, string> = {};

  beforeAll(async () => {
    t = await tempDir();
    const runs = path.join(t.dir, 'runs');
    for (const run of ['A', 'B', 'C']) await mkdir(path.join(runs, run), { recursive: true });
    for (const run of ['A', 'B', 'C']) await copyFile(path.join(ASDIV, RESULTS), path.join(runs, run, RESULTS));
    const text = await readFile(path.join(ASDIV, SAMPLES), 'utf8');
    await writeFile(path.join(runs, 'A', SAMPLES), text);
    const flipped = text
      .split('\n')
      .map((l) => {
        if (l.trim() === '') return l;
        const rec = JSON.parse(l) as Line;
        if (!FLIPPED(rec.doc_id)) return l;
        const acc = 1 - rec.acc;
        const resp = acc === 1 ? RIGHT_RESPONSE : WRONG_RESPONSE;
        return JSON.stringify({ ...rec, acc, resps: [resp], filtered_resps: resp });
      })
      .join('\n');
    await writeFile(path.join(runs, 'B', SAMPLES), flipped);
    // C: the results file only, no samples.
    a = parseLines(await readFile(path.join(runs, 'A', SAMPLES), 'utf8'));
    b = parseLines(await readFile(path.join(runs, 'B', SAMPLES), 'utf8'));

    host = await openHost(path.join(t.dir, 'ws'));
    await importFolder(host, runs);
    for (const r of await call(host, 'library:list-runs', {})) id[r.path] = r.id;
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    await t?.cleanup();
  });

  const ids = () => [id.A ?? '', id.B ?? ''];
  const expectedCounts = (keep: (x: Line) => boolean = () => true): FlipCounts => {
    const out: Record<FlipKind, number> = { 'right-to-wrong': 0, 'wrong-to-right': 0, 'both-right': 0, 'both-wrong': 0, unscored: 0 };
    const byId = new Map(b.map((x) => [x.doc_id, x]));
    for (const x of a) {
      const y = byId.get(x.doc_id);
      if (y && keep(x)) out[flipOf(x.acc, y.acc)]++;
    }
    return out;
  };

  it('the three runs were imported', () => {
    expect(Object.keys(id).sort()).toEqual(['A', 'B', 'C']);
  });

  it('matches every document, scores by acc, and counts the flips the files hold', async () => {
    const page = await call(host, 'review:samples', { runIds: ids() });
    expect(page.candidate).toBe(1);
    expect(page.tasks).toEqual([{ key: 'asdiv|none', task: 'asdiv', filter: 'none', metric: 'acc', matched: a.length, unmatched: 0 }]);
    const counts = expectedCounts();
    expect(counts['right-to-wrong'] + counts['wrong-to-right']).toBeGreaterThan(0);
    expect(page.counts).toEqual(counts);
    expect(page.rows.map((r) => r.docId)).toEqual(a.map((x) => x.doc_id).sort((p, q) => p - q));
    expect(page.truncated).toBe(0);
    expect(page.withoutSamples).toEqual([]);
    expect(page.categories).toEqual([...new Set(a.map((x) => x.doc.solution_type ?? ''))].sort());
  });

  it('lists, for each flip filter, exactly the documents of that kind, with the counts unchanged', async () => {
    const byId = new Map(b.map((x) => [x.doc_id, x]));
    const all = expectedCounts();
    for (const flip of ['right-to-wrong', 'wrong-to-right', 'both-right', 'both-wrong', 'changed'] as const) {
      const page = await call(host, 'review:samples', { runIds: ids(), flip });
      const want = a
        .filter((x) => {
          const k = flipOf(x.acc, byId.get(x.doc_id)?.acc ?? -1);
          return flip === 'changed' ? k === 'right-to-wrong' || k === 'wrong-to-right' : k === flip;
        })
        .map((x) => x.doc_id)
        .sort((p, q) => p - q);
      expect(page.rows.map((r) => r.docId), flip).toEqual(want);
      expect(page.counts).toEqual(all);
    }
    const changed = await call(host, 'review:samples', { runIds: ids(), flip: 'changed' });
    expect(changed.rows.map((r) => r.docId)).toEqual(a.filter((x) => FLIPPED(x.doc_id)).map((x) => x.doc_id));
  });

  it('the candidate column can be the baseline itself seen twice: nothing flips', async () => {
    const page = await call(host, 'review:samples', { runIds: [id.A ?? '', id.B ?? '', id.A ?? ''], flip: 'changed' });
    expect(page.candidate).toBe(2);
    expect(page.rows).toEqual([]);
    const againstB = await call(host, 'review:samples', { runIds: [id.A ?? '', id.B ?? '', id.A ?? ''], candidate: 1 });
    expect(againstB.counts).toEqual(expectedCounts());
  });

  it('search finds words in prompts and responses; the counts follow the search', async () => {
    const hay = (x: Line, y: Line | undefined) => [x.arguments.gen_args_0.arg_0, x.target, JSON.stringify(x.filtered_resps), JSON.stringify(y?.filtered_resps)].join('\n').toLowerCase();
    const byId = new Map(b.map((x) => [x.doc_id, x]));
    for (const search of ['-7.25', 'Apples BASKET', 'apples nosuchword']) {
      const words = search.toLowerCase().split(/\s+/);
      const keep = (x: Line) => words.every((w) => hay(x, byId.get(x.doc_id)).includes(w));
      const page = await call(host, 'review:samples', { runIds: ids(), search });
      expect(page.rows.map((r) => r.docId), search).toEqual(a.filter(keep).map((x) => x.doc_id));
      expect(page.counts, search).toEqual(expectedCounts(keep));
    }
    // The marker response was written only for documents that became wrong.
    const marked = await call(host, 'review:samples', { runIds: ids(), search: '-7.25' });
    expect(marked.rows.length).toBeGreaterThan(0);
    expect(marked.rows.every((r) => r.flip === 'right-to-wrong')).toBe(true);
  });

  it("filters by the doc's category (asdiv solution_type)", async () => {
    const page = await call(host, 'review:samples', { runIds: ids(), category: 'Subtraction' });
    const keep = (x: Line) => x.doc.solution_type === 'Subtraction';
    expect(page.rows.map((r) => r.docId)).toEqual(a.filter(keep).map((x) => x.doc_id));
    expect(page.rows.every((r) => r.category === 'Subtraction')).toBe(true);
    expect(page.counts).toEqual(expectedCounts(keep));
  });

  it('detail gives the whole prompt, the target and both responses with their scores', async () => {
    const flippedDoc = a.find((x) => FLIPPED(x.doc_id) && x.doc_id > 0) ?? a[0];
    const other = b.find((x) => x.doc_id === flippedDoc?.doc_id);
    if (!flippedDoc || !other) throw new Error('asdiv samples missing');
    const page = await call(host, 'review:samples', { runIds: ids() });
    const row = page.rows.find((r) => r.docId === flippedDoc.doc_id);
    expect(row?.preview.endsWith(flippedDoc.arguments.gen_args_0.arg_0.replace(/\s+/g, ' ').trim().slice(-40))).toBe(true);
    const d = await call(host, 'review:sample', { runIds: ids(), key: row?.key ?? '' });
    expect(d).toMatchObject({ task: 'asdiv', filter: 'none', docId: flippedDoc.doc_id, category: flippedDoc.doc.solution_type, prompt: flippedDoc.arguments.gen_args_0.arg_0, target: flippedDoc.target });
    expect(d.responses).toEqual([
      { runId: id.A, response: firstResponse(flippedDoc), correct: flippedDoc.acc === 1, metrics: { acc: flippedDoc.acc } },
      { runId: id.B, response: firstResponse(other), correct: other.acc === 1, metrics: { acc: other.acc } },
    ]);
  });

  it('a run without samples is reported, not an error; unknown runs and keys are not-found', async () => {
    const page = await call(host, 'review:samples', { runIds: [id.A ?? '', id.C ?? ''] });
    expect(page.withoutSamples).toEqual([id.C]);
    expect(page.rows).toEqual([]);
    expect(page.tasks[0]).toMatchObject({ matched: 0, unmatched: a.length });

    const unknown = await dispatch(host.handlers, 'review:samples', { runIds: [id.A ?? '', 'no-such-run'] }, { mode: 'cli' });
    expect(unknown.ok ? null : [unknown.error.code, unknown.error.message]).toEqual(['not-found', expect.stringContaining('no-such-run')]);
    const badKey = await dispatch(host.handlers, 'review:sample', { runIds: ids(), key: 'asdiv|none|99999' }, { mode: 'cli' });
    expect(badKey.ok ? null : badKey.error.code).toBe('not-found');
    const badCandidate = await dispatch(host.handlers, 'review:samples', { runIds: ids(), candidate: 3 }, { mode: 'cli' });
    expect(badCandidate.ok ? null : badCandidate.error.code).toBe('invalid-request');
  });
});

describe('per-sample review of the demo evals (base vs DPO)', () => {
  const EVALS = path.join(repoRoot, 'demo', 'evals');
  let t: { dir: string; cleanup: () => Promise<void> };
  let host: Host;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    t = await tempDir();
    host = await openHost(t.dir);
    await importFolder(host, EVALS);
    for (const r of await call(host, 'library:list-runs', {})) id[r.path] = r.id;
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    await t?.cleanup();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('lists every (task, filter) the base run logged, fully matched, with flips both ways, then answers from its cache', async () => {
    const dir = path.join(EVALS, 'llama-3-8b-base');
    const want = new Map<string, number>();
    for (const f of (await readdir(dir)).filter((n) => n.startsWith('samples_'))) {
      const task = f.replace(/^samples_/, '').replace(/_\d{4}-\d{2}-\d{2}T[\d.-]+\.jsonl$/, '');
      for (const l of parseLines(await readFile(path.join(dir, f), 'utf8')) as unknown as { filter?: string }[]) {
        const k = `${task}|${l.filter ?? 'none'}`;
        want.set(k, (want.get(k) ?? 0) + 1);
      }
    }
    const runIds = [id['llama-3-8b-base'] ?? '', id['llama-3-8b-dpo'] ?? ''];
    const spy = vi.spyOn(Engine.prototype, 'all');
    const sampleQueries = () => spy.mock.calls.filter(([q]) => q.id === 'list-eval-samples').length;

    const page = await call(host, 'review:samples', { runIds });
    expect(page.tasks.map((x) => [x.key, x.matched, x.unmatched])).toEqual([...want].sort(([p], [q]) => (p < q ? -1 : 1)).map(([k, n]) => [k, n, 0]));
    expect(page.counts['right-to-wrong']).toBeGreaterThan(0);
    expect(page.counts['wrong-to-right']).toBeGreaterThan(0);
    expect(Object.values(page.counts).reduce((s, n) => s + n, 0)).toBe([...want.values()].reduce((s, n) => s + n, 0));
    expect(sampleQueries()).toBe(1);

    const again = await call(host, 'review:samples', { runIds });
    expect(again).toEqual(page);
    const narrowed = await call(host, 'review:samples', { runIds, task: page.tasks[0]?.key ?? null, flip: 'changed', search: 'the' });
    expect(narrowed.rows.every((r) => r.task === page.tasks[0]?.task && (r.flip === 'right-to-wrong' || r.flip === 'wrong-to-right'))).toBe(true);
    const first = narrowed.rows[0] ?? page.rows[0];
    await call(host, 'review:sample', { runIds, key: first?.key ?? '' });
    // Filtering, searching and opening a document re-used the loaded samples.
    expect(sampleQueries()).toBe(1);
  });
});
