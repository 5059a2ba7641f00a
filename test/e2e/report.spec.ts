import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E2eApp } from '../helpers/e2e-app';
import { openApp, WAIT } from '../helpers/e2e-app';

const run = promisify(execFile);

/**
 * Issue 7: compose a report of the demo's runs, export it as PDF from the app; the PDF's text holds the title, the
 * run names and the numbers the app shows, its charts are vector (no raster images), and it has the pages composed.
 */
describe('report composer and PDF export (web mode, demo workspace)', () => {
  let app: E2eApp;
  let page: E2eApp['page'];
  const title = 'Weekly review <img src=x onerror="window.__pwned=1">';

  beforeAll(async () => {
    app = await openApp({ prefix: 'runlens-e2e-report-', acceptDownloads: true });
    page = app.page;
  });
  afterAll(() => app?.close());

  it('composes a report from the selection with a live preview', async () => {
    await page.goto(app.serve.url);
    await page.locator('[data-app-state="ready"]').waitFor();
    await page.locator('[data-testid="app.tab"][data-tab="report"]').click();
    await page.getByTestId('report.new').click();
    await page.getByTestId('report.title-input').fill(title);
    await page.getByTestId('report.authors-input').fill('A. Researcher');
    // Keep three sections: text, runs, curves (one metric), so each fits one page.
    const items = page.getByTestId('report.section-item');
    for (;;) {
      const kinds = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
      const i = kinds.findIndex((k) => k !== 'text' && k !== 'runs' && k !== 'curves');
      if (i < 0) break;
      await items.nth(i).getByTestId('report.remove-section').click();
    }
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['text', 'runs', 'curves']);
    await page.getByTestId('report.text-body').fill('Loss **spiked** at step 1800 and recovered.\n\n<script>window.__pwned=2</script>');
    const metrics = page.getByTestId('report.curves-metrics');
    await metrics.fill('train/loss');
    await metrics.blur();
    const preview = page.getByTestId('report.page');
    await expect.poll(() => preview.getAttribute('data-report-state'), WAIT).toBe('ready');
    expect(await page.getByTestId('report.title').textContent()).toBe(title);
    expect(await preview.getByTestId('report.figure').count()).toBe(1);
  });

  it('exports a PDF whose text, pages and vector charts are what was composed', async () => {
    const runNames = await page.getByTestId('report.runs-table').locator('tbody tr td:first-child').allTextContents();
    const lastLosses = await page.getByTestId('report.runs-table').locator('tbody tr td:nth-child(5)').allTextContents();
    expect(runNames.length).toBeGreaterThan(2);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('report.export-pdf').click()]);
    expect(download.suggestedFilename()).toMatch(/^Weekly review [^/\\<>"]*\.pdf$/);
    const file = path.join(app.work.dir, 'report.pdf');
    await download.saveAs(file);
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    expect(text).toContain('Weekly review <img src=x onerror="window.__pwned=1">');
    expect(text).toContain('A. Researcher');
    expect(text).toContain('Loss spiked at step 1800 and recovered.');
    expect(text).toContain('<script>window.__pwned=2</script>');
    for (const name of runNames) expect(text).toContain(name);
    for (const v of lastLosses) expect(text).toContain(v.split(' ')[0] ?? v);
    expect(text).toContain('Figure 1.');
    expect(text).toContain('Appendix: provenance');
    // Title page, three sections, appendix: one page each.
    const info = (await run('pdfinfo', [file])).stdout;
    expect(/Pages:\s+(\d+)/.exec(info)?.[1]).toBe('5');
    // Vector: the chart is paths and text, not an embedded bitmap.
    const images = (await run('pdfimages', ['-list', file])).stdout.trim().split('\n').slice(2);
    expect(images).toEqual([]);
    await writeFile(path.join(app.work.dir, 'report.txt'), text);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(app.pageErrors).toEqual([]);
  });

  it('adds a config-differences section of the selected runs to the preview', async () => {
    await page.locator('[data-testid="report.add-section"][data-kind="review"]').click();
    const preview = page.getByTestId('report.page');
    await expect.poll(() => preview.getAttribute('data-report-state'), WAIT).toBe('ready');
    const table = preview.getByTestId('report.review-table');
    await expect.poll(() => table.locator('tbody tr').count(), WAIT).toBeGreaterThan(0);
    expect(await table.locator('thead th').count()).toBeGreaterThanOrEqual(3);
  });

  it('exports a standalone HTML file that opens offline: SVG charts, styles inline, no scripts', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('report.export-html').click()]);
    expect(download.suggestedFilename()).toMatch(/\.html$/);
    const file = path.join(app.work.dir, 'report.html');
    await download.saveAs(file);
    const html = await readFile(file, 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Content-Security-Policy');
    expect(html).toMatch(/<svg[\s>]/);
    expect(html).toContain('&lt;img src=x onerror="window.__pwned=1"&gt;');
    // Opened from disk in a fresh page with every request refused: it still shows the report, styled.
    const offline = await app.browser.newPage();
    try {
      await offline.route('**/*', (r) => (r.request().url().startsWith('file:') ? r.continue() : r.abort()));
      const errors: string[] = [];
      offline.on('pageerror', (e) => errors.push(e.message));
      await offline.goto(pathToFileURL(file).href);
      expect(await offline.getByTestId('report.title').textContent()).toBe(title);
      expect(await offline.locator('svg').count()).toBeGreaterThan(0);
      expect(await offline.getByTestId('report.markdown').locator('strong').textContent()).toBe('spiked');
      expect(await offline.evaluate(() => getComputedStyle(document.querySelector('.report-table') as Element).borderCollapse)).toBe('collapse');
      expect(await offline.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(errors).toEqual([]);
    } finally {
      await offline.close();
    }
  });
});
