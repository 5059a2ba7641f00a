import { CATEGORY_LABELS, whereOf as placeOf } from '../../../shared/analysis/diagnosis/findings';
import type { DiagnosisCategory, DiagnosisEvent, RunDiagnosis } from '../../../shared/domain/diagnosis';
import { DiagnosisCategory as Categories } from '../../../shared/domain/diagnosis';

/** Where and when an event happened: the shared phrase, then the time the log gave. */
export function whereOf(e: DiagnosisEvent): string {
  const place = placeOf(e);
  return e.time === null ? place : place === '' ? e.time : `${place}, ${e.time}`;
}

/** A run's events for the list: the root first, then the others in log order; the cascade under the root. */
export function eventGroups(d: RunDiagnosis): { root: DiagnosisEvent | null; cascade: DiagnosisEvent[]; others: DiagnosisEvent[] } {
  const root = d.events.find((e) => e.root) ?? null;
  const cascade = root === null ? [] : d.events.filter((e) => e.causeId === root.id);
  const others = d.events.filter((e) => e !== root && (root === null || e.causeId !== root.id));
  return { root, cascade, others };
}

export const categoryLabel = (c: DiagnosisCategory): string => CATEGORY_LABELS[c];

/** Across runs: per category, the runs whose root cause it is and all events of it (issue 9 §5 "across a library"). */
export function categoryTable(diagnoses: readonly RunDiagnosis[]): { category: DiagnosisCategory; roots: number; events: number; runs: number }[] {
  return Categories.options
    .map((category) => {
      let roots = 0;
      let events = 0;
      let runs = 0;
      for (const d of diagnoses) {
        const n = d.counts[category] ?? 0;
        events += n;
        if (n > 0) runs++;
        if (d.events.some((e) => e.root && e.category === category)) roots++;
      }
      return { category, roots, events, runs };
    })
    .filter((r) => r.events > 0);
}

/** ETTR as a percentage with one decimal; a dash when unknown. */
export function formatRatio(r: number | null): string {
  return r === null ? '–' : `${(r * 100).toFixed(1)} %`;
}
