import type { CustomSeriesOption } from 'echarts/charts';

/** A point of a band edge: [x, y] in data units. */
export type BandPoint = readonly [number, number];

/**
 * The min–max envelope of a downsampled series as closed polygons: for each stretch of consecutive buckets whose
 * bounds are both drawable, the upper edge left to right, then the lower edge back. A bucket without a drawable bound
 * (no finite value, ≤ 0 on a log axis) and each restart (`starts`: indices where a new stretch of the line begins)
 * break the band, as they break the line.
 */
export function bandPolygons(xs: readonly number[], lo: readonly (number | null)[], hi: readonly (number | null)[], starts: readonly number[] = []): BandPoint[][] {
  const out: BandPoint[][] = [];
  const breaks = new Set(starts);
  let upper: BandPoint[] = [];
  let lower: BandPoint[] = [];
  const close = () => {
    if (upper.length > 0) out.push([...upper, ...lower.reverse()]);
    upper = [];
    lower = [];
  };
  xs.forEach((x, i) => {
    if (breaks.has(i)) close();
    const l = lo[i];
    const h = hi[i];
    if (l === null || l === undefined || h === null || h === undefined) {
      close();
      return;
    }
    upper.push([x, h]);
    lower.push([x, l]);
  });
  close();
  return out;
}

/**
 * One run's envelope as a single custom series drawing its polygons. Two stacked line series (the lower edge, then the
 * range filled on top) cost more than the run's line itself at 2,000 buckets (bench `chart-frame`): no stacking, no
 * per-point graphics here. The one data item spans the band's x and y extent, so the axes still make room for it;
 * zoom windows never filter it (the curves' dataZoom uses filterMode 'none').
 */
export function bandSeries(id: string, name: string, color: string, polygons: readonly (readonly BandPoint[])[]): CustomSeriesOption | null {
  const points = polygons.flat();
  if (points.length === 0) return null;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const [x, y] of points) {
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  return {
    id,
    name,
    type: 'custom',
    data: [[x0, y0, x1, y1]],
    encode: { x: [0, 2], y: [1, 3] },
    clip: true,
    silent: true,
    tooltip: { show: false },
    z: 1,
    renderItem: (_params, api) => ({
      type: 'group',
      children: polygons.map((ring) => ({
        type: 'polygon',
        shape: { points: ring.map((p) => api.coord([p[0], p[1]])) },
        style: { fill: color, opacity: 0.16 },
        silent: true,
      })),
    }),
  };
}
