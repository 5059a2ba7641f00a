/**
 * Restarts and resumes in a series kept in read order. A step lower than the one before it means the writer started
 * again from an earlier point (a resume from a checkpoint, or a fresh run logging into the same place). TensorBoard
 * silently drops the older points from the restart step on; RunLens keeps both and draws each stretch as its own
 * segment, with a marker where the new one starts.
 */
export interface Segment {
  /** Index of the segment's first point (read order). */
  readonly start: number;
  /** Index one past its last point. */
  readonly end: number;
  readonly firstStep: number;
  readonly lastStep: number;
}

export interface Restart {
  /** Index (read order) of the first point after the restart. */
  readonly index: number;
  /** The step the series went back to. */
  readonly step: number;
  /** The highest step reached before it. */
  readonly fromStep: number;
  /** Points already logged before the restart at steps the new segment covers again (fromStep − step range). */
  readonly overlapPoints: number;
}

/** Splits a series into segments wherever the step goes backwards. Non-finite steps never split. */
export function segmentsOf(steps: ArrayLike<number>): Segment[] {
  const out: Segment[] = [];
  const n = steps.length;
  if (n === 0) return out;
  let start = 0;
  let first = steps[0] as number;
  let last = first;
  for (let i = 1; i < n; i++) {
    const s = steps[i] as number;
    if (s < last) {
      out.push({ start, end: i, firstStep: first, lastStep: last });
      start = i;
      first = s;
    }
    if (s >= last || i === start) last = s;
  }
  out.push({ start, end: n, firstStep: first, lastStep: last });
  return out;
}

/** Where each segment after the first begins, with how far it went back and how many earlier points it overlaps. */
export function restartsOf(steps: ArrayLike<number>): Restart[] {
  const segs = segmentsOf(steps);
  const out: Restart[] = [];
  for (let k = 1; k < segs.length; k++) {
    const seg = segs[k] as Segment;
    let fromStep = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) fromStep = Math.max(fromStep, (segs[j] as Segment).lastStep);
    let overlap = 0;
    for (let i = 0; i < seg.start; i++) {
      const s = steps[i] as number;
      if (s >= seg.firstStep && s <= Math.min(fromStep, seg.lastStep)) overlap++;
    }
    out.push({ index: seg.start, step: seg.firstStep, fromStep, overlapPoints: overlap });
  }
  return out;
}
