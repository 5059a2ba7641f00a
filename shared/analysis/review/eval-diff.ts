import type { CompareResult } from '../../domain/compare';

type Row = CompareResult['rows'][number];

/**
 * How far a row moved, in standard errors where known: raw deltas of accuracies and likelihoods are not on one
 * scale. The largest move over the candidate columns.
 */
export function changeSize(row: Row): number {
  return Math.max(0, ...row.deltas.map((d) => (d ? Math.abs(d.delta) / (d.se !== null && d.se > 0 ? d.se : 1) : 0)));
}

/** The eval diff of a review (issue 8 §2): the comparison's rows, subtasks of listed groups left out, largest change first. */
export function reviewEvalRows(result: CompareResult): Row[] {
  return result.rows
    .filter((row) => !row.isSubtask)
    .map((row) => ({ row, size: changeSize(row) }))
    .sort((a, b) => b.size - a.size)
    .map((x) => x.row);
}
