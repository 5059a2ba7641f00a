import type { CompareCell, CompareColumn, CompareDelta, CompareResult, CompareRow } from '../../shared/domain/compare';
import { CompareResult as CompareResultSchema } from '../../shared/domain/compare';

/** A hand-built comparison for the table exports: hostile names, a missing cell, a missing interval, a filter. */

export const HOSTILE_RUN_NAME = 'x_%&#$\\{}~^ <script>';
export const INJECTION_TASK = '=cmd|" /C calc"!A0';

const column = (runId: string, name: string, path: string, method: string | null, isBaseline: boolean): CompareColumn => ({
  runId,
  name,
  path,
  method,
  methodSource: method === null ? null : 'inferred',
  methodReason: null,
  isBaseline,
  hasSamples: true,
});

const cell = (value: number, stderr: number | null, n: number | null = 1000): CompareCell => ({ value, stderr, n });

const delta = (d: Partial<CompareDelta> & Pick<CompareDelta, 'delta' | 'method' | 'verdict'>): CompareDelta => ({
  low: null,
  high: null,
  improvement: null,
  se: null,
  n: null,
  p: null,
  note: null,
  ...d,
});

const row = (r: Partial<CompareRow> & Pick<CompareRow, 'task' | 'metric' | 'cells' | 'deltas'>): CompareRow => ({
  filter: 'none',
  category: null,
  higherIsBetter: true,
  parityTarget: null,
  isSubtask: false,
  ...r,
});

export function handBuiltCompareResult(): CompareResult {
  const result: CompareResult = {
    baselineRunId: 'r-base',
    columns: [
      column('r-base', 'llama-base', 'runs/base', 'base', true),
      column('r-dpo', HOSTILE_RUN_NAME, 'runs/dpo, v2', 'dpo', false),
      column('r-sft', 'sft_run', '-sft/run', null, false),
    ],
    rows: [
      row({
        task: 'truthfulqa_mc2',
        metric: 'acc',
        category: 'safety',
        cells: [cell(0.512, 0.029), cell(0.546, 0.03), null],
        deltas: [null, delta({ delta: 0.034, low: -0.012, high: 0.08, improvement: 0.034, se: 0.0236, n: 817, method: 'stderr', verdict: 'indistinguishable' }), null],
      }),
      row({
        task: 'gsm8k',
        metric: 'exact_match',
        filter: 'strict-match',
        category: 'reasoning',
        cells: [cell(0.25, 0.012), cell(0.2, 0.011), cell(0.3, 0.0126)],
        deltas: [
          null,
          delta({ delta: -0.05, low: -0.0712, high: -0.0291, improvement: -0.05, se: 0.0107, n: 1319, method: 'mcnemar', p: 0.00012, verdict: 'worse' }),
          delta({ delta: 0.05, low: 0.0281, high: 0.0723, improvement: 0.05, se: 0.011, n: 1319, method: 'paired-bootstrap', p: 0.0004, verdict: 'better' }),
        ],
      }),
      row({
        task: 'mmlu_anatomy',
        metric: 'acc',
        category: 'reasoning',
        isSubtask: true,
        cells: [cell(0.4, null), cell(0.41, null), cell(0.39, null)],
        // No stderr and no samples: a delta without an interval.
        deltas: [null, delta({ delta: 0.01, improvement: 0.01, method: 'stderr', verdict: 'unknown' }), delta({ delta: -0.01, improvement: -0.01, method: 'stderr', verdict: 'unknown' })],
      }),
      row({
        task: INJECTION_TASK,
        metric: 'loss, norm',
        category: null,
        higherIsBetter: null,
        cells: [cell(-1.25, 0.1), cell(-1.5, 0.1), cell(1e-7, 0.1)],
        deltas: [
          null,
          delta({ delta: -0.25, low: -0.527, high: 0.027, method: 'stderr', verdict: 'unknown' }),
          delta({ delta: 1.2500001, low: 0.973, high: 1.527, method: 'stderr', verdict: 'unknown' }),
        ],
      }),
    ],
    plane: [],
    notes: [],
    bootstrap: { seed: 20240607, resamples: 2000 },
  };
  // The fixture must be a valid IPC value, or the exports are tested against a shape the app never produces.
  return CompareResultSchema.parse(result);
}
