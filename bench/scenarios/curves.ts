import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as echarts from 'echarts';
import { build } from 'esbuild';
import { CHROMIUM_ARGS, findChromium } from '../../main/platform/chromium';
import { LibraryService } from '../../main/services/library';
import { SeriesService } from '../../main/services/series';
import { LIGHT_COLORS, buildCurveOption } from '../../renderer/charts/options/curves';
import type { CurveRun } from '../../renderer/charts/options/curves';
import type { RunSeries } from '../../shared/domain/series';
import { SeriesBundle } from '../../shared/domain/series';
import { resultSchema } from '../../shared/ipc/result';
import { decodeWire, encodeWire } from '../../shared/ipc/wire';
import { repoRoot } from '../../test/helpers/paths';
import type { ScenarioResult } from '../lib/measure';
import { medianMs, valueBelow } from '../lib/measure';
import { seedSeriesEngine } from '../lib/seed-engine';

const SERIES = 20;
const BUCKETS = 2000;
const FRAME_SERIES = 50;
const FRAME_POINTS = 2000;
/** Issue 11's targets (2 cores): a downsampled query under 50 ms, a chart frame under 100 ms. */
const QUERY_TARGET_MS = 50;
const FRAME_TARGET_MS = 100;

/**
 * `query-downsample`: one chart's query, SERIES runs × `points` points downsampled to BUCKETS pixel buckets (first, last,
 * min, max per bucket), against the floor any downsampler pays: one aggregate scan of the same rows in the same run.
 * `query-downsample-smoothed` adds TensorBoard smoothing: the first query reads and smooths every point (reported as
 * `coldMs`), later ones (zoom, pan, resize) reuse the smoothed series, which is what the median measures.
 */
export async function curvesQuery(dir: string, points: number, reps: number): Promise<ScenarioResult[]> {
  const { engine } = await seedSeriesEngine(dir, points, SERIES, 'curves.duckdb');
  try {
    const series = new SeriesService(engine, new LibraryService(engine));
    const runIds = Array.from({ length: SERIES }, (_, i) => `bench/run-${i}`);
    const ids = Array.from({ length: SERIES }, (_, i) => i + 1).join(',');
    const scanMs = await medianMs(reps, () => engine.writer.runAndReadAll(`SELECT metric_id, count(*), min(value), max(value), sum(value) FROM scalars WHERE metric_id IN (${ids}) GROUP BY metric_id`));
    let drawn = 0;
    let answer: SeriesBundle | null = null;
    const queryMs = await medianMs(reps, async () => {
      answer = await series.query({ runIds, metric: 'train/loss', buckets: BUCKETS });
      drawn = answer.series.reduce((a, s) => a + s.steps.length, 0);
    });
    // Getting the answer to the renderer over the serve host: wire bytes written, read, checked against the contract.
    const envelope = resultSchema(SeriesBundle);
    const transferMs = await medianMs(reps, () => {
      const wire = encodeWire({ ok: true, value: answer });
      if (wire === null || !envelope.safeParse(decodeWire(new Uint8Array(wire).buffer)).success) throw new Error('bench query-downsample: the answer did not cross the wire');
    });
    const smoothing = { kind: 'ema', weight: 0.6 } as const;
    const cold = new SeriesService(engine, new LibraryService(engine));
    const t0 = performance.now();
    await cold.query({ runIds, metric: 'train/loss', buckets: BUCKETS, smoothing });
    const coldMs = performance.now() - t0;
    const smoothMs = await medianMs(Math.max(1, Math.floor(reps / 2)), () => series.query({ runIds, metric: 'train/loss', buckets: BUCKETS, smoothing: { kind: 'ema', weight: 0.6 } }));
    const total = SERIES * points;
    const detail = { series: SERIES, pointsPerSeries: points, buckets: BUCKETS, drawnPoints: drawn, scanMs: round(scanMs), transferMs: round(transferMs) };
    return [
      { name: 'query-downsample', value: round(queryMs), unit: 'ms (median)', baseline: round(scanMs), ratio: round(scanMs / queryMs, 3), ...valueBelow(queryMs, QUERY_TARGET_MS), detail: { ...detail, pointsPerSecond: Math.round(total / (queryMs / 1000)) } },
      { name: 'query-downsample-smoothed', value: round(smoothMs), unit: 'ms (median)', baseline: round(scanMs), ratio: round(scanMs / smoothMs, 3), ...valueBelow(smoothMs, QUERY_TARGET_MS), detail: { ...detail, coldMs: round(coldMs), pointsPerSecond: Math.round(total / (smoothMs / 1000)) } },
    ];
  } finally {
    await engine.close();
  }
}

/** FRAME_SERIES runs × FRAME_POINTS buckets of a decaying loss with min/max bands: a large selection, zoomed out. */
function frameBundle(): { bundle: SeriesBundle; names: Record<string, { name: string; color: string }> } {
  const bundle: SeriesBundle = { metric: 'train/loss', series: [] };
  const names: Record<string, { name: string; color: string }> = {};
  for (let r = 0; r < FRAME_SERIES; r++) {
    const steps = Float64Array.from({ length: FRAME_POINTS }, (_, i) => i * 500);
    const values = steps.map((s, i) => 2.5 * Math.exp(-s / 2.5e5) + 0.3 + 0.02 * Math.sin(i + r));
    const s: RunSeries = { runId: `r${r}`, mode: 'buckets', totalPoints: 1_000_000, steps, values, min: values.map((v) => v - 0.05), max: values.map((v) => v + 0.05), first: values, smoothed: null, nonFinite: [] };
    bundle.series.push(s);
    names[s.runId] = { name: `run ${r}`, color: `hsl(${(r * 47) % 360} 70% 45%)` };
  }
  return { bundle, names };
}

/**
 * `chart-frame`: one frame of a chart of FRAME_SERIES runs × FRAME_POINTS buckets as the app draws it: the app's option
 * builder and ECharts modules bundled (esbuild) into a page of the same headless Chromium the PDFs use, on a canvas,
 * from the series bundle to painted pixels (software rasterising: no GPU). Baseline: decoding the same bundle from the
 * serve host's wire bytes in the same page, the cost of receiving it.
 */
export async function chartFrame(reps: number): Promise<ScenarioResult> {
  const chromiumPath = findChromium();
  if (chromiumPath === null) throw new Error('bench chart-frame needs Chromium (apt-get install -y chromium, or CHROMIUM_PATH)');
  const built = await build({ entryPoints: [path.join(repoRoot, 'bench', 'lib', 'frame-harness.ts')], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', minify: true, logLevel: 'silent' });
  const code = built.outputFiles[0]?.text;
  if (code === undefined) throw new Error('bench chart-frame: the harness did not bundle');
  const { bundle, names } = frameBundle();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: code });
    // The bundle crosses into the page as the serve host sends it (wire bytes); decoding them is the baseline.
    const wire = encodeWire(bundle);
    if (wire === null) throw new Error('bench chart-frame: the bundle has no columns');
    const b64 = Buffer.from(wire).toString('base64');
    await page.evaluate(([b, n]) => {
      const w = window as unknown as { frameInput: unknown; runlensReceive: Window['runlensReceive'] };
      w.frameInput = { bundle: w.runlensReceive(b).value, names: n };
    }, [b64, names] as const);
    const extent = { min: 0, max: FRAME_POINTS * 500 };
    const times = await page.evaluate(
      ([count, ext, b]) => {
        const w = window as unknown as { frameInput: { bundle: SeriesBundle; names: Record<string, { name: string; color: string }> }; runlensFrame: Window['runlensFrame']; runlensReceive: Window['runlensReceive'] };
        const frames: number[] = [];
        const decodes: number[] = [];
        for (let i = 0; i <= count; i++) {
          decodes.push(w.runlensReceive(b).ms);
          frames.push(w.runlensFrame(w.frameInput.bundle, w.frameInput.names, ext));
        }
        // The first of each is the warm-up.
        return { frames: frames.slice(1), decodes: decodes.slice(1) };
      },
      [reps, extent, b64] as const,
    );
    const frameMs = median(times.frames);
    const decodeMs = median(times.decodes);
    return {
      name: 'chart-frame',
      value: round(frameMs),
      unit: 'ms (median)',
      baseline: round(decodeMs),
      ratio: round(decodeMs / frameMs, 3),
      ...valueBelow(frameMs, FRAME_TARGET_MS),
      detail: { series: FRAME_SERIES, pointsPerSeries: FRAME_POINTS, renderer: 'canvas (Chromium, software)', bands: 'min–max per run' },
    };
  } finally {
    await browser.close();
  }
}

/**
 * `chart-frame-svg`: the same chart rendered to an SVG string by ECharts in Node, the path of figure exports and
 * reports (no target: an export, not a frame), against moving the same data across the host boundary (wire encode and
 * decode).
 */
export async function chartFrameSvg(reps: number): Promise<ScenarioResult> {
  const { bundle, names } = frameBundle();
  const runs = new Map<string, CurveRun>(Object.entries(names).map(([id, r]) => [id, { id, name: r.name, color: r.color }]));
  const ipcMs = await medianMs(reps, () => {
    const wire = encodeWire(bundle);
    return wire ? decodeWire(new Uint8Array(wire).buffer) : null;
  });
  const frameMs = await medianMs(reps, () => {
    const option = buildCurveOption({ metric: bundle.metric, series: bundle.series, runs, extent: { min: 0, max: FRAME_POINTS * 500 }, zoom: null, colors: LIGHT_COLORS, print: true });
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 1200, height: 360 });
    chart.setOption(option);
    const svg = chart.renderToSVGString();
    chart.dispose();
    return svg.length;
  });
  return {
    name: 'chart-frame-svg',
    value: round(frameMs),
    unit: 'ms (median)',
    baseline: round(ipcMs),
    ratio: round(ipcMs / frameMs, 3),
    target: null,
    met: null,
    detail: { series: FRAME_SERIES, pointsPerSeries: FRAME_POINTS },
  };
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function round(v: number, digits = 1): number {
  return Number(v.toFixed(digits));
}
