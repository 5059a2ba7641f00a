import type { DiagnosisCategory, DiagnosisEvent } from '../../domain/diagnosis';
import type { Finding } from '../findings/types';

/** How a category reads in titles and tables. */
export const CATEGORY_LABELS: Readonly<Record<DiagnosisCategory, string>> = {
  'gpu-hardware': 'GPU hardware',
  oom: 'Out of memory',
  network: 'Network',
  'node-failure': 'Node failure',
  'checkpoint-io': 'Checkpoint I/O',
  numerics: 'Numerics',
  data: 'Data',
  code: 'Code',
  config: 'Config',
};

/** Where an event happened, as one phrase: "node gpu-07, rank 5, step 1730, during training". */
export function whereOf(e: Pick<DiagnosisEvent, 'node' | 'rank' | 'step' | 'stage'>): string {
  return [e.node === null ? null : `node ${e.node}`, e.rank === null ? null : `rank ${e.rank}`, e.step === null ? null : `step ${e.step}`, e.stage === null ? null : `during ${e.stage}`]
    .filter((x) => x !== null)
    .join(', ');
}

/**
 * Log failures as findings on the run's loss chart (issue 9 §3), so they sit on the same timeline as spikes and NaN
 * onsets: the root cause and every event that is not part of its cascade (the cascade is counted in the root's
 * explanation instead of drawing 64 marks for 64 ranks timing out). Events without a step cannot be placed.
 */
export function failureFindings(metric: string, events: readonly DiagnosisEvent[]): Finding[] {
  const cascade = new Map<string, number>();
  for (const e of events) if (e.causeId !== null) cascade.set(e.causeId, (cascade.get(e.causeId) ?? 0) + 1);
  return events
    .filter((e): e is DiagnosisEvent & { step: number } => e.step !== null && e.causeId === null && e.severity !== 'info')
    .map((e) => {
      const where = whereOf(e);
      const followed = cascade.get(e.id) ?? 0;
      return {
        kind: 'failure' as const,
        metric,
        metrics: [metric],
        severity: e.severity,
        step: e.step,
        stepStart: e.step,
        stepEnd: e.step,
        title: `${e.root ? 'Root cause' : CATEGORY_LABELS[e.category]}: ${e.message}`,
        explanation: [`${e.file}:${e.line}${where === '' ? '' : ` (${where})`}: ${e.text}`, e.explanation, followed > 0 ? `${followed} later event${followed === 1 ? '' : 's'} (other ranks, the launcher) followed from it.` : '', `Fix: ${e.fix}`].filter((s) => s !== '').join(' '),
        evidence: { line: e.line, rank: e.rank, cascade: followed },
        thresholds: {},
        source: `log rule ${e.rule} (analyses.md §5.3 C)`,
        log: { file: e.file, line: e.line },
      };
    });
}
