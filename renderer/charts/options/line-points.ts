/**
 * A run's line as ECharts takes it cheapest: one interleaved Float64Array `[x0, y0, x1, y1, …]`. Given arrays of
 * `[x, y]` pairs, ECharts walks every item for old-style options and copies each into its store; a typed array is read
 * straight (bench `chart-frame`: 50 runs × 2,000 points). A NaN y is a gap in the line, as null is in an array.
 */

/** The dimensions of every line built here: the series option names them so ECharts reads the pairs. */
export const LINE_DIMENSIONS = ['x', 'y'];

/**
 * The points `(xs[i], y(ys[i]))` with a gap (a NaN point at the restart's x) before each index in `starts`, so a line
 * stops where a restart begins and starts again after it. `y` maps a value to where it is drawn, null for nowhere.
 */
export function linePoints(xs: ArrayLike<number>, ys: ArrayLike<number>, y: (v: number | undefined) => number | null, starts: readonly number[] = []): Float64Array {
  const out = new Float64Array((xs.length + starts.length) * 2);
  let o = 0;
  let k = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    while (k < starts.length && (starts[k] as number) <= i) {
      if (starts[k] === i) {
        out[o++] = x;
        out[o++] = NaN;
      }
      k++;
    }
    out[o++] = x;
    out[o++] = y(ys[i]) ?? NaN;
  }
  return o === out.length ? out : out.subarray(0, o);
}

/** The pairs back, a gap as null: how tests and exports read a line built here. */
export function pointPairs(data: ArrayLike<number>): [number, number | null][] {
  const out: [number, number | null][] = [];
  for (let i = 0; i + 1 < data.length; i += 2) {
    const v = data[i + 1] as number;
    out.push([data[i] as number, Number.isNaN(v) ? null : v]);
  }
  return out;
}
