import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E2eApp } from '../helpers/e2e-app';
import { openApp, WAIT } from '../helpers/e2e-app';
import { hookedEnv, readRecords } from '../helpers/no-network-hook';

/**
 * Issue 12 §7 in the browser: the app used tab by tab, a report exported as PDF and HTML, with name resolution blocked
 * for everything but loopback (CHROMIUM_ARGS) and every request recorded. Each one goes to the app's own origin, none
 * fails; the serve process, under the no-network hook, records no attempt either.
 */
describe('no network: the app in a browser with the network blocked', () => {
  let app: E2eApp;
  let page: E2eApp['page'];
  let recordFile = '';
  const requests: string[] = [];
  const failed: string[] = [];
  const inFlight = new Set<Request>();
  const savedEnv: Record<string, string | undefined> = {};

  /** Settled: no API call in flight for a while (the event stream stays open by design). */
  const settle = async () => {
    let quietSince = Date.now();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (inFlight.size > 0) quietSince = Date.now();
      else if (Date.now() - quietSince > 500) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    // The serve child inherits this environment: the hook records (and blocks) any attempt it makes.
    for (const k of ['NODE_OPTIONS', 'RUNLENS_NET_RECORD', 'RUNLENS_NET_HOOK_SELFTEST']) savedEnv[k] = process.env[k];
    app = await openApp({
      prefix: 'runlens-e2e-no-network-',
      acceptDownloads: true,
      folders: (dir) => {
        recordFile = path.join(dir, 'net.jsonl');
        const hooked = hookedEnv(recordFile);
        for (const k of Object.keys(savedEnv)) process.env[k] = hooked[k];
        return [path.resolve(import.meta.dirname, '..', '..', 'demo')];
      },
    });
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    page = app.page;
    const track = (r: Request) => !(new URL(r.url()).pathname === '/api/events');
    page.on('request', (r) => {
      requests.push(r.url());
      if (track(r)) inFlight.add(r);
    });
    page.on('requestfinished', (r) => inFlight.delete(r));
    page.on('requestfailed', (r) => {
      inFlight.delete(r);
      failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`);
    });
  });
  afterAll(() => app?.close());

  it('the browser really is offline: a name outside loopback does not resolve (control)', async () => {
    const other = await app.browser.newPage();
    try {
      const err = await other.goto('http://example.com/').then(
        () => 'loaded',
        (e: Error) => e.message,
      );
      expect(err).toMatch(/ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED/);
    } finally {
      await other.close();
    }
  });

  it('every tab, with runs selected, requests only the app’s own origin', async () => {
    await page.goto(app.serve.url);
    await page.locator('[data-app-state="ready"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="library.run-row"]').count(), WAIT).toBeGreaterThanOrEqual(10);
    // Select every run, so each view has something to draw.
    const rows = page.locator('[data-testid="library.run-row"][data-selected="false"]');
    for (let i = 0; i < 40 && (await rows.count()) > 0; i++) await rows.first().click();
    await settle();
    for (const tab of ['curves', 'compare', 'review', 'diagnosis', 'audit', 'report']) {
      const button = page.locator(`[data-testid="app.tab"][data-tab="${tab}"]`);
      await button.click();
      await expect.poll(() => button.getAttribute('aria-selected'), WAIT).toBe('true');
      await settle();
    }
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((u) => !u.startsWith(`${app.serve.origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    expect(failed).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });

  it('a report exported as PDF and as HTML: still only our origin, and the HTML file fetches nothing', async () => {
    await page.getByTestId('report.new').click();
    const preview = page.getByTestId('report.page');
    await expect.poll(() => preview.getAttribute('data-report-state'), { ...WAIT, timeout: 60_000 }).toBe('ready');
    const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('report.export-pdf').click()]);
    const pdfFile = path.join(app.work.dir, 'report.pdf');
    await pdf.saveAs(pdfFile);
    expect((await readFile(pdfFile)).subarray(0, 5).toString()).toBe('%PDF-');
    const [html] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('report.export-html').click()]);
    const htmlFile = path.join(app.work.dir, 'report.html');
    await html.saveAs(htmlFile);
    const text = await readFile(htmlFile, 'utf8');
    expect(text).not.toMatch(/\b(?:src|href|action|poster|srcset)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(text).not.toMatch(/url\(\s*["']?\s*(?:https?:)?\/\//i);
    await settle();
    expect(requests.filter((u) => !u.startsWith(`${app.serve.origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    expect(failed).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });

  it('the serve process made no network attempt (its Chromium printed the PDF under the same flags)', () => {
    const { attempts, loadedIn } = readRecords(recordFile);
    expect(loadedIn.length).toBeGreaterThan(0);
    expect(attempts).toEqual([]);
  });
});
