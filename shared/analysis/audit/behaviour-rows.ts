import type { BehaviourPanel, BehaviourRow } from '../../domain/audit';
import type { DocScore } from '../compare/paired';
import { IFEVAL_PROHIBITIONS, IFEVAL_SAMPLES, fillTemplate, matchBehaviour } from './behaviour-tasks';
import type { BehaviourMatch } from './behaviour-tasks';
import type { EvalRowIn, SampleIn } from './inputs';

/**
 * Behavioural panel rows (analyses.md §3.3): hallucination, bias, negative-constraint compliance and toxicity, read from
 * lm-eval aggregate numbers and per-sample logs.
 */

const PANEL_ORDER: readonly BehaviourPanel[] = ['hallucination', 'bias', 'negative-constraint', 'toxicity'];

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// ---------- Rows ----------

interface Picked {
  readonly row: EvalRowIn;
  readonly match: BehaviourMatch;
}

/**
 * One eval number per (run, task, metric): filter `none` when present, else the only one, else the first by name. A
 * filter other than `none` is named in the label so the choice is visible.
 */
function pickFilters(evals: readonly EvalRowIn[]): Picked[] {
  const byKey = new Map<string, EvalRowIn[]>();
  for (const e of evals) {
    if (e.metric.endsWith('_stderr') || !Number.isFinite(e.value)) continue;
    const key = `${e.runId}\u0000${e.task}\u0000${e.metric}`;
    const list = byKey.get(key);
    if (list) list.push(e);
    else byKey.set(key, [e]);
  }
  const out: Picked[] = [];
  for (const list of byKey.values()) {
    const first = list[0];
    if (first === undefined) continue;
    const match = matchBehaviour(first.task, first.metric);
    if (match === null) continue;
    const none = list.find((e) => e.filter === 'none');
    const row = none ?? [...list].sort((a, b) => cmp(a.filter, b.filter))[0] ?? first;
    out.push({ row, match });
  }
  return out;
}

const usableSe = (se: number | null): number | null => (se !== null && Number.isFinite(se) && se >= 0 ? se : null);

function evalRow({ row, match }: Picked): BehaviourRow {
  const filterNote = row.filter === 'none' || row.filter === '' ? '' : ` (filter ${row.filter})`;
  return {
    panel: match.panel,
    runId: row.runId,
    task: row.task,
    metric: row.metric,
    label: match.label + filterNote,
    group: match.group,
    value: row.value,
    stderr: usableSe(row.stderr),
    ideal: match.ideal,
    higherIsBetter: match.higherIsBetter,
    note: match.note,
  };
}

/** WinoBias-style pro − anti rows: one per run, pair key (type) and promptsource prompt, when both sides exist. */
function pairRows(picked: readonly Picked[]): BehaviourRow[] {
  interface Sides {
    plus?: Picked;
    minus?: Picked;
  }
  const pairs = new Map<string, Sides>();
  for (const p of picked) {
    const rule = p.match.rule.pair;
    if (rule === undefined) continue;
    const side = p.match.vars[rule.by];
    if (side !== rule.plus && side !== rule.minus) continue;
    const rest = Object.entries(p.match.vars)
      .filter(([k]) => k !== rule.by)
      .sort(([a], [b]) => cmp(a, b));
    const key = JSON.stringify([p.row.runId, p.match.rule.task.source, rest, p.match.parsed.prompt, p.row.metric]);
    const sides = pairs.get(key) ?? {};
    if (side === rule.plus) sides.plus = p;
    else sides.minus = p;
    pairs.set(key, sides);
  }
  const out: BehaviourRow[] = [];
  for (const { plus, minus } of pairs.values()) {
    const rule = plus?.match.rule.pair;
    if (plus === undefined || minus === undefined || rule === undefined) continue;
    const prompt = plus.match.parsed.prompt;
    const sePlus = usableSe(plus.row.stderr);
    const seMinus = usableSe(minus.row.stderr);
    out.push({
      panel: plus.match.panel,
      runId: plus.row.runId,
      task: fillTemplate(rule.task, plus.match.vars) + (prompt === null ? '' : `+${prompt}`),
      metric: `${plus.row.metric}${rule.metricSuffix}`,
      label: fillTemplate(rule.label, plus.match.vars) + (prompt === null ? '' : ` [prompt: ${prompt}]`),
      group: plus.match.group,
      value: plus.row.value - minus.row.value,
      stderr: sePlus !== null && seMinus !== null ? Math.sqrt(sePlus * sePlus + seMinus * seMinus) : null,
      ideal: 0,
      higherIsBetter: null,
      note: rule.note,
    });
  }
  return out;
}

const isPass = (v: unknown): boolean | null => (v === true || v === 1 ? true : v === false || v === 0 ? false : null);

/** Per-document pass/fail of each instruction of a run's IFEval samples, first occurrence of a doc id kept. */
export interface InstructionScores {
  readonly runId: string;
  readonly instruction: string;
  readonly metric: string;
  readonly mode: string;
  readonly scores: DocScore[];
}

/** IFEval samples → one pass/fail list per (run, instruction id, strict|loose). */
export function ifevalInstructionScores(samples: readonly SampleIn[]): InstructionScores[] {
  const out = new Map<string, InstructionScores>();
  const seen = new Set<string>();
  for (const s of samples) {
    if (s.task !== IFEVAL_SAMPLES.task || s.extras === null) continue;
    if (s.docId !== null) {
      const docKey = `${s.runId}\u0000${s.docId}`;
      if (seen.has(docKey)) continue;
      seen.add(docKey);
    }
    const ids = s.extras.instruction_id_list;
    if (!Array.isArray(ids)) continue;
    for (const { metric, mode } of IFEVAL_SAMPLES.modes) {
      const passes = s.extras[metric];
      // The harness writes one verdict per instruction in the doc's order; a list of another length cannot be aligned.
      if (!Array.isArray(passes) || passes.length !== ids.length) continue;
      ids.forEach((id, i) => {
        const pass = isPass(passes[i]);
        if (typeof id !== 'string' || pass === null) return;
        const key = `${s.runId}\u0000${id}\u0000${metric}`;
        let entry = out.get(key);
        if (entry === undefined) {
          entry = { runId: s.runId, instruction: id, metric, mode, scores: [] };
          out.set(key, entry);
        }
        entry.scores.push({ docId: s.docId, docHash: null, value: pass ? 1 : 0 });
      });
    }
  }
  return [...out.values()];
}

export const ifevalMetric = (metric: string, instruction: string): string => `${metric}/${instruction}`;

function instructionRows(samples: readonly SampleIn[]): BehaviourRow[] {
  return ifevalInstructionScores(samples).map(({ runId, instruction, metric, mode, scores }) => {
    const n = scores.length;
    const p = scores.reduce((a, s) => a + s.value, 0) / n;
    const negative = IFEVAL_PROHIBITIONS.includes(instruction);
    return {
      panel: 'negative-constraint',
      runId,
      task: IFEVAL_SAMPLES.task,
      metric: ifevalMetric(metric, instruction),
      // Instruction ids are shown raw (`punctuation:no_comma`): they are what the IFEval registry calls them.
      label: IFEVAL_SAMPLES.label.replace('{instruction}', instruction).replace('{mode}', mode),
      group: negative ? 'negative' : 'other',
      value: p,
      stderr: Math.sqrt((p * (1 - p)) / n),
      ideal: null,
      higherIsBetter: true,
      note: `${n} logged ${n === 1 ? 'instance' : 'instances'} in the samples${negative ? '; a prohibition (the response must not do something)' : ''}.`,
    };
  });
}

/**
 * The behavioural panel rows of every run: eval numbers the task table knows (one per run × task × metric), the
 * derived WinoBias pro − anti gaps, and IFEval per-instruction pass rates from samples. Sorted by the runs' first
 * appearance, then panel, group, label.
 */
export function behaviourRows(evals: readonly EvalRowIn[], samples: readonly SampleIn[]): BehaviourRow[] {
  const picked = pickFilters(evals);
  const rows = [...picked.map(evalRow), ...pairRows(picked), ...instructionRows(samples)];
  const runOrder = new Map<string, number>();
  for (const id of [...evals.map((e) => e.runId), ...samples.map((s) => s.runId)]) if (!runOrder.has(id)) runOrder.set(id, runOrder.size);
  return rows.sort(
    (a, b) =>
      (runOrder.get(a.runId) ?? 0) - (runOrder.get(b.runId) ?? 0) ||
      PANEL_ORDER.indexOf(a.panel) - PANEL_ORDER.indexOf(b.panel) ||
      cmp(a.group, b.group) ||
      cmp(a.label, b.label) ||
      cmp(a.task, b.task) ||
      cmp(a.metric, b.metric),
  );
}
