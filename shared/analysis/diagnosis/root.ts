import type { DiagnosisEvent } from '../../domain/diagnosis';
import type { Finding } from './event';

/** Events this close count as simultaneous (clock skew between ranks, §5.3 D); without times, lines this close. */
const TIE_MS = 2000;
const TIE_LINES = 3;

/** Order of two findings: by time when both carry comparable times, else by position in the same file. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.when && b.when && a.when.kind === b.when.kind) return a.when.ms - b.when.ms || a.fileIndex - b.fileIndex || a.event.line - b.event.line;
  if (a.fileIndex === b.fileIndex) return a.event.line - b.event.line;
  return a.fileIndex - b.fileIndex;
}

function nearlySimultaneous(a: Finding, b: Finding): boolean {
  if (a.when && b.when && a.when.kind === b.when.kind) return Math.abs(a.when.ms - b.when.ms) <= TIE_MS;
  return a.fileIndex === b.fileIndex && Math.abs(a.event.line - b.event.line) <= TIE_LINES;
}

/** Catch-all code rules: after a specific failure they are its wrapper (the launcher's traceback), not a new cause. */
const GENERIC_RULES = new Set(['python-exception', 'python-traceback']);

/** The root within one severity tier: the earliest root signature (ties by priority), else the most telling victim. */
function rootOf(tier: readonly Finding[]): Finding | undefined {
  const first = tier.find((x) => x.role === 'root');
  if (first) return tier.filter((x) => x.role === 'root' && nearlySimultaneous(x, first)).reduce((best, x) => (x.priority > best.priority ? x : best), first);
  return tier.reduce<Finding | undefined>((best, x) => (!best || x.priority > best.priority ? x : best), undefined);
}

/**
 * One root per run (analyses.md §5.3 D): among the critical events first (a warning such as a broken line in the
 * launch script, or a skipped fp16 step, does not explain a crash), then among warnings. Within a tier the earliest
 * root signature wins, near-simultaneous ones decided by priority (hardware over everything); with only victim
 * signatures (every rank timed out, nothing else logged), the most telling victim.
 *
 * The cascade is what the root explains: victim signatures, the same rule again (other ranks, a restart hitting the
 * same wall), later events of the same category, and later catch-all exceptions. Anything else keeps causeId null.
 */
export function pickRoot(findings: readonly Finding[]): DiagnosisEvent[] {
  const sorted = [...findings].sort(compareFindings);
  const root = rootOf(sorted.filter((x) => x.event.severity === 'critical')) ?? rootOf(sorted.filter((x) => x.event.severity === 'warning'));
  return sorted.map((x) => {
    if (!root) return { ...x.event, root: false, causeId: null };
    if (x === root) return { ...x.event, root: true, causeId: null };
    const after = compareFindings(x, root) >= 0;
    const caused = x.role === 'victim' || x.event.rule === root.event.rule || (after && (x.event.category === root.event.category || GENERIC_RULES.has(x.event.rule)));
    return { ...x.event, root: false, causeId: caused ? root.event.id : null };
  });
}
