/**
 * Picks the series that best stands for "the loss" of a run, for the runs table's last-loss column.
 * Order: exact train loss names first, then anything ending in `loss` that is not an eval/val series, then eval loss.
 */
/** Every name here ends in "loss": list-run-losses.sql reads only such metrics. */
export const PREFERRED = ['loss', 'train_loss', 'train/loss', 'training_loss', 'epoch_loss', 'lm loss', 'lm_loss'];

export function pickLossMetric(names: readonly string[]): string | null {
  for (const want of PREFERRED) if (names.includes(want)) return want;
  const isEval = (n: string) => /(^|[/_])(eval|val|valid|validation|test)([/_]|$)/i.test(n);
  const train = names.filter((n) => /loss$/i.test(n) && !isEval(n)).sort((a, b) => a.length - b.length);
  if (train[0] !== undefined) return train[0];
  const anyLoss = names.filter((n) => /loss$/i.test(n)).sort((a, b) => a.length - b.length);
  return anyLoss[0] ?? null;
}
