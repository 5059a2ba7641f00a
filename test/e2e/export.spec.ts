import { readFile } from 'node:fs/promises';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E2eApp } from '../helpers/e2e-app';
import { openApp, WAIT } from '../helpers/e2e-app';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('exporting a chart from the app (web mode, demo workspace)', () => {
  let app: E2eApp;
  let serve: E2eApp['serve'];
  let page: E2eApp['page'];
  let pageErrors: string[] = [];
  let chart: Locator;

  beforeAll(async () => {
    app = await openApp({ prefix: 'runlens-e2e-export-', acceptDownloads: true });
    ({ serve, page, pageErrors } = app);
  });

  afterAll(() => app?.close());

  /** Opens the chart's Export menu, clicks one entry and returns the downloaded file. */
  async function exportVia(testId: string): Promise<{ name: string; bytes: Buffer }> {
    await chart.getByTestId('curves.export').locator('summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), chart.getByTestId(testId).click()]);
    const file = await download.path();
    return { name: download.suggestedFilename(), bytes: await readFile(file) };
  }

  it('opens the demo and draws a chart', async () => {
    await page.goto(serve.url);
    await page.locator('[data-app-state="ready"]').waitFor();
    chart = page.getByTestId('curves.chart').first();
    await chart.waitFor();
    await expect.poll(async () => Number(await chart.getAttribute('data-series-count')), WAIT).toBeGreaterThan(0);
    await expect.poll(async () => chart.getAttribute('aria-busy'), WAIT).toBe('false');
  });

  it('PNG: a real PNG image named after the metric', async () => {
    const metric = (await chart.getAttribute('data-metric')) ?? '';
    const { name, bytes } = await exportVia('curves.export-png');
    expect(name).toMatch(/\.png$/);
    expect(name.startsWith(metric.replace(/[\\/:*?"<>|]+/g, '_'))).toBe(true);
    expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // Width and height from the IHDR chunk: the figure is drawn at twice the on-screen size, not an empty 0×0 canvas.
    expect(bytes.readUInt32BE(16)).toBeGreaterThan(400);
    expect(bytes.readUInt32BE(20)).toBeGreaterThan(200);
    expect(bytes.length).toBeGreaterThan(5_000);
  });

  it('SVG: a vector figure with the curves as paths and the metric as its title', async () => {
    const metric = (await chart.getAttribute('data-metric')) ?? '';
    const { name, bytes } = await exportVia('curves.export-svg');
    const svg = bytes.toString('utf8');
    expect(name).toMatch(/\.svg$/);
    expect(svg).toMatch(/^<svg[\s>]/);
    expect(svg).toMatch(/<path\b[^>]* d="M/);
    expect(svg).toContain(metric);
    expect(svg).toContain('smoothing:');
  });

  it('CSV: the smoothing comment, the header and one row per drawn point', async () => {
    const points = Number(await chart.getAttribute('data-point-count'));
    const mode = await chart.getAttribute('data-mode');
    const { name, bytes } = await exportVia('curves.export-csv');
    const lines = bytes.toString('utf8').split('\r\n').filter((l) => l !== '');
    expect(name).toMatch(/\.csv$/);
    expect(lines[0]).toMatch(/^# metric: .+; smoothing: EMA 0\.6 \(TensorBoard, debiased\);/);
    expect(lines[1]).toBe(mode === 'buckets' ? 'run,step,value,smoothed,min,max' : 'run,step,value,smoothed');
    const rows = lines.slice(2);
    expect(rows).toHaveLength(points);
    for (const row of rows.slice(0, 50)) {
      const cells = row.split(',');
      expect(Number.isFinite(Number(cells[1]))).toBe(true);
      expect(cells[2] === '' || ['NaN', 'Inf', '-Inf'].includes(cells[2] ?? '') || Number.isFinite(Number(cells[2]))).toBe(true);
    }
    expect(pageErrors).toEqual([]);
  });
});
