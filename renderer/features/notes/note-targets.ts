import type { Annotation, AnnotationTarget } from '../../../shared/domain/annotation';

/** Whether a note is about this target (same kind and the same identifying fields). */
export function isNoteOn(a: Annotation, target: AnnotationTarget): boolean {
  const t = a.target;
  switch (target.kind) {
    case 'chart':
      return t.kind === 'chart' && t.metric === target.metric && t.step === target.step && t.stepEnd === target.stepEnd && t.runId === target.runId;
    case 'run':
      return t.kind === 'run' && t.runId === target.runId;
    case 'finding':
      return t.kind === 'finding' && t.runId === target.runId && t.metric === target.metric && t.findingKind === target.findingKind && t.step === target.step;
    case 'compare-row':
      return t.kind === 'compare-row' && t.task === target.task && t.metric === target.metric && t.filter === target.filter;
  }
}
