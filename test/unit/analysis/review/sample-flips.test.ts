import { describe, expect, it } from 'vitest';
import type { SampleInput } from '../../../../shared/analysis/review/sample-flips';
import { buildSampleReview, chooseMetric, flipOf, previewOf, sampleDetail, selectSamples } from '../../../../shared/analysis/review/sample-flips';

const doc = (over: Partial<SampleInput> & Pick<SampleInput, 'docId'>): SampleInput => ({
  task: 'arc',
  filter: 'none',
  docHash: `h${over.docId ?? 'x'}`,
  category: null,
  target: 't',
  prompt: `question ${over.docId ?? 'x'}`,
  response: 'r',
  metrics: {},
  ...over,
});

/** One column of `arc` documents with the given acc per doc id. */
const accColumn = (acc: Record<number, number>, extra: Partial<SampleInput> = {}): SampleInput[] =>
  Object.entries(acc).map(([id, v]) => doc({ docId: Number(id), metrics: { acc: v, acc_norm: 0.5 }, ...extra }));

describe('buildSampleReview: matching', () => {
  it('matches on doc_id, lists documents in numeric id order whatever the file order, and counts the rest as unmatched', () => {
    const a = [10, 2, 9, 1, 5].map((id) => doc({ docId: id, metrics: { acc: 1 } }));
    const b = [1, 2, 9, 10, 11].map((id) => doc({ docId: id, metrics: { acc: 0 } }));
    const review = buildSampleReview([a, b]);
    const t = review.tasks[0];
    expect(t?.docs.map((d) => d.docId)).toEqual([1, 2, 9, 10]);
    // 5 only in the baseline, 11 only in the candidate.
    expect([t?.matched, t?.unmatched]).toEqual([4, 2]);
  });

  it('requires a document in every column (three columns), and a repeated id keeps its first occurrence', () => {
    const a = [doc({ docId: 0, response: 'first' }), doc({ docId: 0, response: 'second' }), doc({ docId: 1 }), doc({ docId: 2 })];
    const b = [doc({ docId: 0 }), doc({ docId: 1 }), doc({ docId: 2 })];
    const c = [doc({ docId: 0 }), doc({ docId: 2 })];
    const review = buildSampleReview([a, b, c]);
    expect(review.tasks[0]?.docs.map((d) => d.docId)).toEqual([0, 2]);
    expect(review.tasks[0]?.unmatched).toBe(1);
    expect(review.tasks[0]?.docs[0]?.cells[0]?.response).toBe('first');
  });

  it('falls back to doc_hash when doc ids are absent, so reordered documents still pair up', () => {
    const a = ['x', 'y', 'z'].map((h, i) => doc({ docId: null, docHash: h, response: `a${i}`, metrics: { acc: 1 } }));
    const b = ['z', 'x'].map((h) => doc({ docId: null, docHash: h, response: `b-${h}`, metrics: { acc: 0 } }));
    const t = buildSampleReview([a, b]).tasks[0];
    expect(t?.docs.map((d) => [d.key, d.cells[1]?.response])).toEqual([
      ['arc|none|x', 'b-x'],
      ['arc|none|z', 'b-z'],
    ]);
    expect(t?.unmatched).toBe(1);
  });

  it('keeps (task, filter) pairs apart, sorted by task then filter', () => {
    const col = [doc({ docId: 0, task: 'gsm8k', filter: 'strict-match' }), doc({ docId: 0, task: 'gsm8k', filter: 'flexible-extract' }), doc({ docId: 0, task: 'arc' })];
    const review = buildSampleReview([col, col]);
    expect(review.tasks.map((t) => t.key)).toEqual(['arc|none', 'gsm8k|flexible-extract', 'gsm8k|strict-match']);
    expect(review.byKey.has('gsm8k|strict-match|0')).toBe(true);
  });

  it('a task one column lacks entirely is listed with nothing matched', () => {
    const review = buildSampleReview([[doc({ docId: 0 }), doc({ docId: 1, task: 'mmlu' })], [doc({ docId: 0 })]]);
    expect(review.tasks.map((t) => [t.key, t.matched, t.unmatched])).toEqual([
      ['arc|none', 1, 0],
      ['mmlu|none', 0, 1],
    ]);
  });
});

describe('chooseMetric', () => {
  it('prefers acc over other 0/1 metrics, and skips a preferred metric that is not 0/1 everywhere', () => {
    expect(chooseMetric([[doc({ docId: 0, metrics: { acc_norm: 1, acc: 0 } })], [doc({ docId: 0, metrics: { acc_norm: 0, acc: 1 } })]])).toBe('acc');
    // acc is 0.5 in the candidate column: exact_match decides.
    expect(chooseMetric([[doc({ docId: 0, metrics: { acc: 1, exact_match: 1 } })], [doc({ docId: 0, metrics: { acc: 0.5, exact_match: 0 } })]])).toBe('exact_match');
  });

  it('falls back to any 0/1 metric, and to none for BLEU/ROUGE-style scores', () => {
    expect(chooseMetric([[doc({ docId: 0, metrics: { bleu_max: 12.5, bleu_acc: 1 } })], [doc({ docId: 0, metrics: { bleu_max: 3, bleu_acc: 0 } })]])).toBe('bleu_acc');
    expect(chooseMetric([[doc({ docId: 0, metrics: { bleu: 12.5, rouge1: 0.3 } })], [doc({ docId: 0, metrics: { bleu: 1, rouge1: 0 } })]])).toBeNull();
    // A metric missing from one column's document is not 0/1 across the columns.
    expect(chooseMetric([[doc({ docId: 0, metrics: { acc: 1 } })], [doc({ docId: 0, metrics: {} })]])).toBeNull();
  });

  it('unscored tasks give every row the unscored flip and null correctness', () => {
    const review = buildSampleReview([[doc({ docId: 0, metrics: { bleu: 3 } })], [doc({ docId: 0, metrics: { bleu: 4 } })]]);
    const s = selectSamples(review, { candidate: 1 });
    expect(s.tasks[0]?.metric).toBeNull();
    expect(s.rows.map((r) => [r.flip, r.correct])).toEqual([['unscored', [null, null]]]);
    expect(s.counts.unscored).toBe(1);
  });
});

describe('selectSamples', () => {
  // Baseline vs candidate per doc: 0 R→W, 1 W→R, 2 both right, 3 both wrong, 4 R→W, 5 W→R, 6 W→R.
  const base = { 0: 1, 1: 0, 2: 1, 3: 0, 4: 1, 5: 0, 6: 0 };
  const mid = { 0: 0, 1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1 };
  const cand = { 0: 0, 1: 1, 2: 1, 3: 0, 4: 0, 5: 1, 6: 1 };
  const review = buildSampleReview([accColumn(base), accColumn(mid), accColumn(cand)]);

  const expectedCounts = (b: Record<number, number>, c: Record<number, number>, ids: readonly number[]) => {
    const out = { 'right-to-wrong': 0, 'wrong-to-right': 0, 'both-right': 0, 'both-wrong': 0, unscored: 0 };
    for (const id of ids) out[flipOf(b[id] === 1, c[id] === 1)]++;
    return out;
  };
  const all = [0, 1, 2, 3, 4, 5, 6];

  it('flip kinds are baseline (column 0) against the last column by default, with per-column correctness', () => {
    const s = selectSamples(review, { candidate: 2 });
    expect(s.rows.map((r) => r.flip)).toEqual(['right-to-wrong', 'wrong-to-right', 'both-right', 'both-wrong', 'right-to-wrong', 'wrong-to-right', 'wrong-to-right']);
    expect(s.rows[3]?.correct).toEqual([false, true, false]);
    expect(s.counts).toEqual(expectedCounts(base, cand, all));
    expect(s.tasks[0]).toMatchObject({ key: 'arc|none', metric: 'acc', matched: 7, unmatched: 0 });
  });

  it('another candidate column changes the flips', () => {
    const s = selectSamples(review, { candidate: 1 });
    expect(s.counts).toEqual(expectedCounts(base, mid, all));
    expect(s.rows.find((r) => r.docId === 3)?.flip).toBe('wrong-to-right');
    expect(() => selectSamples(review, { candidate: 3 })).toThrow(RangeError);
    expect(() => selectSamples(review, { candidate: 0 })).toThrow(RangeError);
  });

  it('the flip filter picks rows but the counts stay those of the whole selection', () => {
    const everything = selectSamples(review, { candidate: 2 }).counts;
    for (const flip of ['right-to-wrong', 'wrong-to-right', 'both-right', 'both-wrong'] as const) {
      const s = selectSamples(review, { candidate: 2, flip });
      expect(s.counts).toEqual(everything);
      expect(s.rows.length).toBe(everything[flip]);
      expect(s.rows.every((r) => r.flip === flip)).toBe(true);
    }
    const changed = selectSamples(review, { candidate: 2, flip: 'changed' });
    expect(changed.rows.map((r) => r.docId)).toEqual([0, 1, 4, 5, 6]);
  });

  it('search: every word, case-insensitive, in the prompt, the target or any response', () => {
    const cols = [0, 1].map((c) => [
      doc({ docId: 0, prompt: 'What is the Capital of France?', metrics: { acc: 1 } }),
      doc({ docId: 1, prompt: 'Capital of Spain?', target: 'Madrid', metrics: { acc: c } }),
      doc({ docId: 2, prompt: 'Largest ocean?', response: c === 1 ? 'The PACIFIC capital' : 'Atlantic', metrics: { acc: 0 } }),
    ]);
    const r = buildSampleReview(cols);
    const ids = (search: string) => selectSamples(r, { candidate: 1, search }).rows.map((x) => x.docId);
    expect(ids('capital')).toEqual([0, 1, 2]);
    expect(ids('CAPITAL madrid')).toEqual([1]);
    expect(ids('pacific   capital')).toEqual([2]);
    expect(ids('capital nowhere')).toEqual([]);
    expect(ids('   ')).toEqual([0, 1, 2]);
    // Counts follow the search.
    expect(selectSamples(r, { candidate: 1, search: 'madrid' }).counts['wrong-to-right']).toBe(1);
    expect(selectSamples(r, { candidate: 1, search: 'france' }).counts).toMatchObject({ 'both-right': 1, 'wrong-to-right': 0 });
  });

  it('task and category filters narrow rows and counts; categories list those of the selected task', () => {
    const col = (acc: number) => [
      doc({ docId: 0, task: 'mmlu', category: 'anatomy', metrics: { acc } }),
      doc({ docId: 1, task: 'mmlu', category: 'law', metrics: { acc: 1 } }),
      doc({ docId: 2, task: 'mmlu', category: 'anatomy', metrics: { acc: 1 - acc } }),
      doc({ docId: 0, task: 'bbq', category: 'Age', metrics: { acc: 0 } }),
    ];
    const r = buildSampleReview([col(1), col(0)]);
    const anatomy = selectSamples(r, { candidate: 1, category: 'anatomy' });
    expect(anatomy.rows.map((x) => x.key)).toEqual(['mmlu|none|0', 'mmlu|none|2']);
    expect(anatomy.counts).toEqual({ 'right-to-wrong': 1, 'wrong-to-right': 1, 'both-right': 0, 'both-wrong': 0, unscored: 0 });
    expect(anatomy.categories).toEqual(['Age', 'anatomy', 'law']);
    const mmlu = selectSamples(r, { candidate: 1, task: 'mmlu|none' });
    expect(mmlu.categories).toEqual(['anatomy', 'law']);
    expect(mmlu.rows.map((x) => x.task)).toEqual(['mmlu', 'mmlu', 'mmlu']);
    expect(mmlu.counts['both-right']).toBe(1);
    // Every task is still described whatever the selection.
    expect(mmlu.tasks.map((t) => t.key)).toEqual(['bbq|none', 'mmlu|none']);
  });

  it('caps the rows and says how many were left out', () => {
    const s = selectSamples(review, { candidate: 2 }, 3);
    expect(s.rows.map((r) => r.docId)).toEqual([0, 1, 2]);
    expect(s.truncated).toBe(4);
    expect(s.counts).toEqual(selectSamples(review, { candidate: 2 }).counts);
  });
});

describe('previewOf and sampleDetail', () => {
  it('preview is the end of the prompt, whitespace collapsed', () => {
    const prompt = `${'Q: earlier shot.\nA: yes\n\n'.repeat(20)}Q:   What   is\n2+2?\nA:`;
    const p = previewOf(prompt);
    expect(p.endsWith('Q: What is 2+2? A:')).toBe(true);
    expect(p.startsWith('…')).toBe(true);
    expect(p.length).toBe(160);
    expect(p).not.toMatch(/\s{2}|\n/);
    expect(previewOf('  short\n prompt ')).toBe('short prompt');
    const review = buildSampleReview([[doc({ docId: 0, prompt })], [doc({ docId: 0, prompt })]]);
    expect(review.tasks[0]?.docs[0]?.preview).toBe(p);
  });

  it('detail gives the full prompt, target and each column response with its correctness and metrics', () => {
    const cols = [0, 1].map((c) => [doc({ docId: 4, prompt: 'full prompt', target: 'B', response: `resp${c}`, category: 'law', metrics: { acc: c, acc_norm: 1 } })]);
    const review = buildSampleReview(cols);
    expect(sampleDetail(review, ['ra', 'rb'], 'arc|none|4')).toEqual({
      key: 'arc|none|4',
      task: 'arc',
      filter: 'none',
      docId: 4,
      category: 'law',
      prompt: 'full prompt',
      target: 'B',
      responses: [
        { runId: 'ra', response: 'resp0', correct: false, metrics: { acc: 0, acc_norm: 1 } },
        { runId: 'rb', response: 'resp1', correct: true, metrics: { acc: 1, acc_norm: 1 } },
      ],
    });
    expect(sampleDetail(review, ['ra', 'rb'], 'arc|none|5')).toBeNull();
  });
});
