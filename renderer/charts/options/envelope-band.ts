import type { CustomSeriesOption } from 'echarts/charts';
import { graphic } from 'echarts/core';

/**
 * The min–max envelope of a downsampled series as closed rings: for each stretch of consecutive buckets whose bounds
 * are both drawable, the upper edge left to right, then the lower edge back. `points` interleaves every ring's corners
 * in data units `[x, y, …]`; `ends[k]` is the corner count up to the end of ring k.
 */
export interface BandRings {
  readonly points: Float64Array;
  readonly ends: readonly number[];
}

/**
 * The band's rings, its bounds placed by `draw` (null: nowhere, as for a NaN bound or one ≤ 0 on a log axis). A
 * bucket without two drawable bounds and each restart (`starts`: indices where a new stretch of the line begins)
 * break the band, as they break the line.
 */
export function bandRings(xs: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>, draw: (v: number | undefined) => number | null = finiteOrNull, starts: readonly number[] = []): BandRings {
  const points = new Float64Array(xs.length * 4);
  const ends: number[] = [];
  // Each bound placed once; the rings are then copied from these (only drawable buckets are ever copied).
  const top = new Float64Array(xs.length);
  const bottom = new Float64Array(xs.length);
  let o = 0;
  let from = -1;
  // Plain loops over the stretch [from, to): this runs for every bucket of every run on each frame.
  const close = (to: number) => {
    if (from < 0) return;
    for (let i = from; i < to; i++) {
      points[o++] = xs[i] as number;
      points[o++] = top[i] as number;
    }
    for (let i = to - 1; i >= from; i--) {
      points[o++] = xs[i] as number;
      points[o++] = bottom[i] as number;
    }
    ends.push(o / 2);
    from = -1;
  };
  let k = 0;
  for (let i = 0; i < xs.length; i++) {
    while (k < starts.length && (starts[k] as number) < i) k++;
    if (k < starts.length && starts[k] === i) close(i);
    const l = draw(lo[i]);
    const h = draw(hi[i]);
    if (l === null || h === null) {
      close(i);
      continue;
    }
    bottom[i] = l;
    top[i] = h;
    if (from < 0) from = i;
  }
  close(xs.length);
  return { points: points.subarray(0, o), ends };
}

function finiteOrNull(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}

/** The rings as lists of `[x, y]` corners (tests and readers). */
export function ringCorners(band: BandRings): [number, number][][] {
  const out: [number, number][][] = [];
  let start = 0;
  for (const end of band.ends) {
    const ring: [number, number][] = [];
    for (let c = start; c < end; c++) ring.push([band.points[2 * c] as number, band.points[2 * c + 1] as number]);
    out.push(ring);
    start = end;
  }
  return out;
}

/** The element a band is drawn as: its rings in pixels, one path (a polygon element per ring cost more than the line). */
export const BAND_SHAPE = 'runlens-band';

interface BandShape {
  /** In an object, not an array: ECharts copies a custom element's array-valued shape props item by item. */
  readonly rings: BandPixels;
}

// Registered when this module loads, so every renderer (canvas, SVG, Node's SSR) that draws a band knows the shape.
graphic.registerShape(
  BAND_SHAPE,
  graphic.extendShape({
    type: BAND_SHAPE,
    shape: { rings: { px: new Float64Array(0), ends: [] } },
    buildPath(ctx, shape) {
      const { px, ends } = (shape as BandShape).rings;
      let start = 0;
      for (const end of ends) {
        ctx.moveTo(px[2 * start] as number, px[2 * start + 1] as number);
        for (let c = start + 1; c < end; c++) ctx.lineTo(px[2 * c] as number, px[2 * c + 1] as number);
        ctx.closePath();
        start = end;
      }
    },
  }),
);

/** The band's x and y extent in data units, or null when it has no corner. */
export function bandExtent(band: BandRings): { x0: number; x1: number; y0: number; y1: number } | null {
  const p = band.points;
  if (p.length === 0) return null;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < p.length; i += 2) {
    const x = p[i] as number;
    const y = p[i + 1] as number;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return { x0, x1, y0, y1 };
}

type RenderItemReturn = ReturnType<NonNullable<CustomSeriesOption['renderItem']>>;
type Coord = (v: number[]) => number[];

/** A band in pixels, as its shape draws it: corners interleaved `[x, y, …]`, ring ends as corner counts. */
export interface BandPixels {
  readonly px: Float64Array;
  readonly ends: readonly number[];
}

/**
 * Data → pixel for every corner, from two calls to the axes: both axes are linear in x and in y (or in ln y on a log
 * axis), so two reference corners fix the map, and thousands of corners cost no calls into ECharts. Consecutive
 * corners of an edge that fall in the same pixel column are merged into one at the column's extreme (the upper edge's
 * highest, the lower edge's lowest): the filled area differs by less than a pixel, and a band never has more corners than
 * the plot has columns, however many buckets it was given.
 */
export function bandPixels(band: BandRings, ext: { x0: number; x1: number; y0: number; y1: number }, logY: boolean, coord: Coord): BandPixels {
  const xa = ext.x0;
  const xb = ext.x1 > ext.x0 ? ext.x1 : ext.x0 + 1;
  const ya = ext.y0;
  const yb = ext.y1 > ext.y0 ? ext.y1 : logY ? ext.y0 * 2 : ext.y0 + 1;
  const a = coord([xa, ya]);
  const b = coord([xb, yb]);
  const ax = a[0] as number;
  const ay = a[1] as number;
  const kx = ((b[0] as number) - ax) / (xb - xa);
  const la = logY ? Math.log(ya) : ya;
  const ky = ((b[1] as number) - ay) / ((logY ? Math.log(yb) : yb) - la);
  const p = band.points;
  const px = new Float64Array(p.length);
  const ends: number[] = [];
  let o = 0;
  // One edge (corners [from, to)): mapped, with runs of corners in one pixel column merged. Pixel y grows downwards,
  // so the upper edge keeps the smallest y of a column, the lower edge the largest.
  const edge = (from: number, to: number, upper: boolean) => {
    let col = NaN;
    for (let c = from; c < to; c++) {
      const x = ax + ((p[2 * c] as number) - xa) * kx;
      const v = p[2 * c + 1] as number;
      const y = ay + ((logY ? Math.log(v) : v) - la) * ky;
      const here = Math.floor(x);
      if (here === col && o > 0) {
        const prev = px[o - 1] as number;
        if (upper ? y < prev : y > prev) px[o - 1] = y;
        continue;
      }
      col = here;
      px[o++] = x;
      px[o++] = y;
    }
  };
  let start = 0;
  for (const end of band.ends) {
    const mid = start + (end - start) / 2;
    edge(start, mid, true);
    edge(mid, end, false);
    ends.push(o / 2);
    start = end;
  }
  return { px: px.subarray(0, o), ends };
}

/**
 * One run's envelope as a single custom series drawing its rings as one path. Two stacked line series (the lower
 * edge, then the range filled on top) cost more than the run's line itself at 2,000 buckets (bench `chart-frame`).
 * The one data item spans the band's x and y extent, so the axes still make room for it; zoom windows never filter it
 * (the curves' dataZoom uses filterMode 'none').
 */
export function bandSeries(id: string, name: string, color: string, band: BandRings, logY = false): CustomSeriesOption | null {
  const ext = bandExtent(band);
  if (ext === null) return null;
  return {
    id,
    name,
    type: 'custom',
    data: [[ext.x0, ext.y0, ext.x1, ext.y1]],
    encode: { x: [0, 2], y: [1, 3] },
    clip: true,
    silent: true,
    tooltip: { show: false },
    z: 1,
    renderItem: (_params, api) => {
      const el = { type: BAND_SHAPE, shape: { rings: bandPixels(band, ext, logY, api.coord as Coord) }, style: { fill: color, opacity: 0.16 }, silent: true };
      // ECharts' option types list only its built-in element types; custom series also draw registered shapes.
      return el as unknown as RenderItemReturn;
    },
  };
}
