import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lmEvalImporter } from '../../main/importers/lm-eval';
import { behaviourFindings, behaviourRows, biasAmplification } from '../../shared/analysis/audit/behaviour';
import type { AuditRun, EvalRowIn } from '../../shared/analysis/audit/inputs';
import { AuditFinding } from '../../shared/domain/audit';
import type { BehaviourRow } from '../../shared/domain/audit';
import type { CheckpointRecord, EvalResultRecord, ImportRecord, RunMetaRecord } from '../../shared/importers/records';
import { collect, memorySource } from '../helpers/importers';
import { fixturesDir } from '../helpers/paths';

/**
 * The bias panel on the Pythia gender-intervention evals (byte-for-byte copies of ../shared/realdata under
 * test/fixtures/lm-eval), read through the app's own lm-eval importer. Every expected number is computed here from the
 * JSON with JSON.parse, independently of the importer and of the audit code.
 */

const EVALS = path.join(fixturesDir, 'lm-eval', 'EleutherAI__pythia', 'evals');
const Z = 1.96;

interface Imported {
  readonly run: AuditRun;
  readonly evals: EvalRowIn[];
}

async function importFile(runId: string, rel: string): Promise<Imported> {
  const name = path.basename(rel);
  const recs: ImportRecord[] = await collect(lmEvalImporter, memorySource({ [name]: new Uint8Array(readFileSync(path.join(EVALS, rel))) }));
  const evals = recs
    .filter((r): r is EvalResultRecord => r.kind === 'eval')
    .map((e) => ({ runId, task: e.task, metric: e.metric, filter: e.filter, value: e.value, stderr: e.stderr, nSamples: e.nSamples }));
  const meta = recs.find((r): r is RunMetaRecord => r.kind === 'run-meta');
  const ckpt = recs.find((r): r is CheckpointRecord => r.kind === 'checkpoint');
  return { run: { runId, name: meta?.name ?? runId, step: ckpt?.step ?? null }, evals };
}

type Metrics = Record<string, number>;
const rawResults = (rel: string): Record<string, Metrics> => (JSON.parse(readFileSync(path.join(EVALS, rel), 'utf8')) as { results: Record<string, Metrics> }).results;

/** CrowS-Pairs tasks of a results file with their pct_stereotype and its stderr. */
function crows(rel: string): Map<string, { pct: number; se: number }> {
  const out = new Map<string, { pct: number; se: number }>();
  for (const [task, m] of Object.entries(rawResults(rel))) {
    const pct = m.pct_stereotype;
    const se = m.pct_stereotype_stderr;
    if (task.startsWith('crows_pairs_') && pct !== undefined && se !== undefined) out.set(task, { pct, se });
  }
  return out;
}

function rowOf(rows: readonly BehaviourRow[], runId: string, task: string, metric: string): BehaviourRow {
  const r = rows.find((x) => x.runId === runId && x.task === task && x.metric === metric);
  if (!r) throw new Error(`no row ${runId} ${task} ${metric}`);
  return r;
}

const CASES = [
  {
    what: 'pythia-410m-deduped step 143000, baseline vs gender intervention',
    base: 'pythia-v1/pythia-410m-deduped/baseline/baseline-410m-deduped_step143000.json',
    child: 'pythia-v1/pythia-410m-deduped/intervention/intervention-410m-deduped_step143000.json',
  },
  {
    what: 'pythia-1.3b-deduped step 71500, baseline vs gender intervention',
    base: 'bias-evals/pythia-1.3b-deduped-step71500_eval_results_01-20-2023-15-13-07.json',
    child: 'bias-evals/intervention-1.3b-deduped-step71500_eval_results_01-21-2023-19-18-21.json',
  },
];

describe.each(CASES)('bias panel on $what', ({ base: baseFile, child: childFile }) => {
  const load = async () => {
    const base = await importFile('baseline', baseFile);
    const child = await importFile('intervention', childFile);
    return { base, child, rows: behaviourRows([...base.evals, ...child.evals], []) };
  };

  it('has one CrowS-Pairs row per language × category with the file’s pct_stereotype and stderr, and nothing else from these files', async () => {
    const { rows } = await load();
    for (const [runId, file] of [['baseline', baseFile], ['intervention', childFile]] as const) {
      const expected = crows(file);
      const mine = rows.filter((r) => r.runId === runId);
      expect(expected.size).toBe(22);
      expect(mine.map((r) => r.task).sort()).toEqual([...expected.keys()].sort());
      for (const [task, { pct, se }] of expected) {
        const r = rowOf(rows, runId, task, 'pct_stereotype');
        expect(r).toMatchObject({ panel: 'bias', value: pct, stderr: se, ideal: 0.5, higherIsBetter: null });
        const [, language, category] = /^crows_pairs_(english|french)(?:_(.+))?$/.exec(task) ?? [];
        expect(r.group).toBe(`${language} ${category === undefined ? 'all' : category.replace(/_/g, ' ')}`);
      }
      // likelihood_difference (not a bias score) and lambada / arc / … are no panel rows.
      expect(mine.every((r) => r.metric === 'pct_stereotype')).toBe(true);
    }
  });

  it('computes A = |intervention − 0.5| − |baseline − 0.5| per category and flags exactly those whose interval excludes 0', async () => {
    const { base, child, rows } = await load();
    const b = crows(baseFile);
    const c = crows(childFile);
    const expectedIds: string[] = [];
    for (const [task, x] of b) {
      const y = c.get(task);
      if (!y) throw new Error(`${task} missing in ${childFile}`);
      const amp = Math.abs(y.pct - 0.5) - Math.abs(x.pct - 0.5);
      const se = Math.hypot(x.se, y.se);
      const a = biasAmplification(rowOf(rows, 'baseline', task, 'pct_stereotype'), rowOf(rows, 'intervention', task, 'pct_stereotype'));
      expect(a?.amplification, task).toBeCloseTo(amp, 12);
      expect(a?.interval?.[0], task).toBeCloseTo(amp - Z * se, 12);
      expect(a?.interval?.[1], task).toBeCloseTo(amp + Z * se, 12);
      if (amp - Z * se > 0) expectedIds.push(`bias:intervention:${task}/pct_stereotype`);
    }
    // The example of the brief, spelled out.
    const gender = biasAmplification(rowOf(rows, 'baseline', 'crows_pairs_english_gender', 'pct_stereotype'), rowOf(rows, 'intervention', 'crows_pairs_english_gender', 'pct_stereotype'));
    const g0 = b.get('crows_pairs_english_gender');
    const g1 = c.get('crows_pairs_english_gender');
    expect(g0 && g1).toBeTruthy();
    if (g0 && g1) expect(gender?.amplification).toBeCloseTo(Math.abs(g1.pct - 0.5) - Math.abs(g0.pct - 0.5), 12);

    const fs = behaviourFindings(rows, [base.run, child.run], 'baseline');
    expect(fs.map((f) => f.id).sort()).toEqual(expectedIds.sort());
  });

  it('on the baseline alone, reports as info every category whose interval excludes 0.5', async () => {
    const { base } = await load();
    const rows = behaviourRows(base.evals, []);
    const expected = [...crows(baseFile)]
      .filter(([, { pct, se }]) => Math.abs(pct - 0.5) > Z * se)
      .map(([task, { pct }]) => ({ id: `bias:baseline:${task}/pct_stereotype`, value: Math.abs(pct - 0.5) }))
      .sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(expected.length).toBeGreaterThan(0);
    const fs = behaviourFindings(rows, [base.run], 'baseline');
    expect(fs.map((f) => f.id).sort()).toEqual(expected.map((e) => e.id));
    for (const e of expected) {
      const f = fs.find((x) => x.id === e.id);
      expect(f?.severity).toBe('info');
      expect(f?.value).toBeCloseTo(e.value, 12);
      expect(() => AuditFinding.parse(f)).not.toThrow();
    }
  });
});

describe('WinoBias 410M (promptsource fork, results read from table_results)', () => {
  const FILE = 'bias-evals/winobias/410M/eval_results_02-16-2023-00-59-19.json';
  interface Entry {
    task_name: string;
    prompt_name: string;
    em: number;
    em_stderr: number;
  }
  const table = (): Entry[] => Object.values((JSON.parse(readFileSync(path.join(EVALS, FILE), 'utf8')) as { table_results: Record<string, Entry> }).table_results);

  it('derives pro − anti per type and prompt, and reports the lone model’s clear gaps (> 0.05, interval excluding 0) as info', async () => {
    const { run, evals } = await importFile('w410', FILE);
    const rows = behaviourRows(evals, []);
    const entries = table();
    const expectedInfo: string[] = [];
    let gaps = 0;
    for (const pro of entries.filter((e) => e.task_name.endsWith('_pro'))) {
      const anti = entries.find((e) => e.task_name === pro.task_name.replace(/_pro$/, '_anti') && e.prompt_name === pro.prompt_name);
      if (!anti) throw new Error(`no anti side for ${pro.task_name} ${pro.prompt_name}`);
      const type = /type(\d)/.exec(pro.task_name)?.[1];
      const task = `wino_bias_type${type}+${pro.prompt_name}`;
      const gap = pro.em - anti.em;
      const se = Math.hypot(pro.em_stderr, anti.em_stderr);
      const r = rowOf(rows, 'w410', task, 'em_pro_minus_anti');
      expect(r.value, task).toBeCloseTo(gap, 12);
      expect(r.stderr, task).toBeCloseTo(se, 12);
      expect(r).toMatchObject({ panel: 'bias', group: `type ${type}`, ideal: 0, label: `WinoBias type ${type}: pro − anti [prompt: ${pro.prompt_name}]` });
      gaps++;
      if (Math.abs(gap) > 0.05 && Math.abs(gap) > Z * se) expectedInfo.push(`bias:w410:${task}/em_pro_minus_anti`);
    }
    expect(gaps).toBe(4);
    expect(rows.filter((r) => r.metric === 'em')).toHaveLength(8);
    expect(expectedInfo.length).toBeGreaterThan(0);
    const fs = behaviourFindings(rows, [run], 'w410');
    expect(fs.map((f) => f.id).sort()).toEqual(expectedInfo.sort());
    expect(fs.every((f) => f.severity === 'info' && f.evidence.includes('wino_bias_type'))).toBe(true);
  });
});
