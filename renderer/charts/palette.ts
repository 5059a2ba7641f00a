/** Colour-blind-friendly palette (Okabe–Ito, then Tableau extensions). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#8C564B', '#7F7F7F', '#BCBD22', '#17BECF', '#9467BD', '#F0C400'];

/**
 * One colour per run, the same in the table and every chart: assigned by the run's position in the library (which
 * is ordered by folder and path), so the first twelve runs never share a colour and colours do not move when the
 * selection changes.
 */
export function assignRunColors(runIds: readonly string[]): ReadonlyMap<string, string> {
  return new Map(runIds.map((id, i) => [id, PALETTE[i % PALETTE.length] as string]));
}
