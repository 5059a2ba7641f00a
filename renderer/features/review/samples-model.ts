import type { FlipCounts, FlipFilter, FlipKind, SampleTask } from '../../../shared/domain/review';

/** The head row's chips, in the order a researcher reads them: regressions first. */
export const FLIP_CHIPS: readonly FlipFilter[] = ['right-to-wrong', 'wrong-to-right', 'changed', 'both-right', 'both-wrong', 'all'];

export const FLIP_LABEL: Readonly<Record<FlipFilter | FlipKind, string>> = {
  'right-to-wrong': 'right → wrong',
  'wrong-to-right': 'wrong → right',
  'both-right': 'both right',
  'both-wrong': 'both wrong',
  changed: 'changed',
  all: 'all',
  unscored: 'unscored',
};

/** What a chip counts: `changed` is both flips, `all` every matched document (unscored ones included). */
export function chipCount(counts: FlipCounts, f: FlipFilter): number {
  switch (f) {
    case 'all':
      return counts['right-to-wrong'] + counts['wrong-to-right'] + counts['both-right'] + counts['both-wrong'] + counts.unscored;
    case 'changed':
      return counts['right-to-wrong'] + counts['wrong-to-right'];
    default:
      return counts[f];
  }
}

/** `gsm8k (strict-match)`; lm-eval's `none` filter is left out. */
export function taskLabel(task: string, filter: string): string {
  return filter === '' || filter === 'none' ? task : `${task} (${filter})`;
}

/** An option in the task select: what is matched, and what decides right and wrong. */
export function taskOption(t: SampleTask): string {
  const unmatched = t.unmatched > 0 ? `, ${t.unmatched} unmatched` : '';
  const scored = t.metric === null ? 'not scored (no 0/1 metric)' : `by ${t.metric}`;
  return `${taskLabel(t.task, t.filter)} · ${t.matched} docs${unmatched} · ${scored}`;
}

export function markOf(correct: boolean | null | undefined): { text: string; className: string; label: string } {
  if (correct === true) return { text: '✓', className: 'sample-right', label: 'right' };
  if (correct === false) return { text: '✗', className: 'sample-wrong', label: 'wrong' };
  return { text: '–', className: 'muted', label: 'not scored' };
}

/** A short run of numbers for a response's own metrics (`acc 1 · acc_norm 0`). */
export function metricsText(metrics: Readonly<Record<string, number>>, max = 4): string {
  const entries = Object.entries(metrics);
  const shown = entries.slice(0, max).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toPrecision(3)}`);
  return entries.length > max ? `${shown.join(' · ')} · +${entries.length - max}` : shown.join(' · ');
}
