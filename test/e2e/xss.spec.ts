import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import type { Download, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../helpers/csv';
import type { E2eApp } from '../helpers/e2e-app';
import { openApp, WAIT } from '../helpers/e2e-app';
import type { XssCorpus, XssLibrary } from '../helpers/xss-library';
import { isFormulaCell, loadXssCorpus, payloadText, spreadsheetRows, writeXssLibrary } from '../helpers/xss-library';

const run = promisify(execFile);

/**
 * Issue 12 §4: the XSS corpus (test/fixtures/xss/corpus.json), placed in run names, config keys and values, metric
 * names, log lines, eval samples, a data mixture and notes, stays inert text in every view, in the standalone HTML
 * export, in the PDF and in the CSV / LaTeX / SVG exports.
 *
 * "Inert" is checked four ways, because the app's CSP (script-src 'self') would block most payloads even if they
 * reached the DOM as markup, and a blocked payload is still a bug:
 * - a payload that runs calls `window.__xss(id)` or `alert()` (recorded; the page's dialog event too);
 * - any Content-Security-Policy violation is recorded (what the CSP blocked was markup that should have been text);
 * - a MutationObserver and a final DOM scan flag every element a payload would create (ids `xss-*`, `on*`
 *   attributes, javascript:/data: URLs, script/iframe/object/embed/base/meta/noscript elements), even transient ones
 *   such as a chart tooltip that is gone by the time the test looks;
 * - any request whose URL names a payload (`xss-*.png`, `xss.invalid`) means an <img> or <base> was parsed.
 * Each view also has to show the payload text itself, so nothing passes because nothing rendered.
 */

/** Installed in every frame before any page script: the marker, the CSP listener and the DOM watcher. */
function installProbe(): void {
  type Hit = { kind: string; detail: unknown };
  const w = window as unknown as { __xssHit?: (json: string) => void; __xssLog: Hit[]; __xssScan: () => string[]; __xss: (id: unknown) => void };
  w.__xssLog = [];
  const hit = (kind: string, detail: unknown): void => {
    const h = { kind, detail: { frame: location.href.slice(0, 120), ...(typeof detail === 'object' && detail !== null ? detail : { value: detail }) } };
    w.__xssLog.push(h);
    try {
      void w.__xssHit?.(JSON.stringify(h));
    } catch {
      // The log above keeps it.
    }
  };
  Object.defineProperty(window, '__xss', { value: (id: unknown) => hit('marker', { id: String(id) }), writable: false, configurable: false });
  document.addEventListener(
    'securitypolicyviolation',
    (e) => hit('csp', { directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile, line: e.lineNumber, column: e.columnNumber }),
    true,
  );
  // The corpus' own URLs: `xss-<id>.png` images and the `xss.invalid` host.
  const PAYLOAD_URL = /(?:^|[/\\])xss-|xss\.invalid/i;
  const URL_ATTRS = new Set(['href', 'src', 'srcdoc', 'data', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'srcset']);
  const FOREIGN_TAGS = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal', 'base', 'noscript', 'foreignobject', 'template']);
  const isAppScript = (el: Element): boolean => {
    const src = el.getAttribute('src');
    if (src === null) return false;
    const u = new URL(src, location.href);
    return u.origin === location.origin && u.pathname.startsWith('/assets/');
  };
  /** What is wrong with one element, or null: everything a corpus payload would create if parsed as markup. */
  const reasonOf = (el: Element): string | null => {
    const tag = el.localName.toLowerCase();
    if (el.id.startsWith('xss-')) return `element #${el.id}`;
    for (const a of Array.from(el.attributes)) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on')) return `${tag}[${a.name}]`;
      if (URL_ATTRS.has(name)) {
        const isIcon = tag === 'link' && a.value === 'data:,';
        if (!isIcon && (/^\s*(?:javascript|vbscript|data):/i.test(a.value) || PAYLOAD_URL.test(a.value) || name === 'srcdoc')) return `${tag}[${a.name}=${a.value.slice(0, 80)}]`;
      }
    }
    if (FOREIGN_TAGS.has(tag)) return `<${tag}>`;
    if (tag === 'script' && !isAppScript(el)) return '<script> not from the app';
    if (tag === 'meta' && el.hasAttribute('http-equiv') && /refresh/i.test(el.getAttribute('http-equiv') ?? '')) return '<meta http-equiv=refresh>';
    if (tag === 'style' && /xss/i.test(el.textContent ?? '')) return '<style> holding a payload';
    return null;
  };
  const scanTree = (root: Node, out: string[]): void => {
    if (!(root instanceof Element)) return;
    const r = reasonOf(root);
    if (r) out.push(r);
    for (const el of Array.from(root.querySelectorAll('*'))) {
      const why = reasonOf(el);
      if (why) out.push(why);
    }
  };
  w.__xssScan = () => {
    const out: string[] = [];
    scanTree(document.documentElement, out);
    return out;
  };
  new MutationObserver((records) => {
    for (const rec of records) {
      const found: string[] = [];
      if (rec.type === 'attributes' && rec.target instanceof Element) {
        const why = reasonOf(rec.target);
        if (why) found.push(why);
      }
      for (const n of Array.from(rec.addedNodes)) scanTree(n, found);
      for (const f of found) hit('dom', { what: f });
    }
  }).observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['id', 'href', 'src', 'srcdoc', 'data', 'action', 'onerror', 'onload', 'onmouseover', 'onfocus', 'onclick', 'onbegin', 'ontoggle', 'onanimationstart'],
  });
}

interface Probe {
  /** Fails with every sign of a payload that ran or was parsed since the last check; `where` names the view. */
  expectInert(where: string): Promise<void>;
}


async function attachProbe(page: Page): Promise<Probe> {
  const hits: { kind: string; detail: Record<string, unknown> }[] = [];
  const dialogs: string[] = [];
  const requests: string[] = [];
  const consoleHits: string[] = [];
  await page.exposeFunction('__xssHit', (json: string) => {
    hits.push(JSON.parse(json) as { kind: string; detail: Record<string, unknown> });
  });
  await page.addInitScript(installProbe);
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    // A corpus URL (`xss-<id>.png`, the `xss.invalid` host) requested means an <img>, <base> or link was parsed.
    if (/(?:^|\/)xss-[^/]*$|xss\.invalid/i.test(r.url().split(/[?#]/)[0] ?? '')) requests.push(r.url());
  });
  page.on('console', (m) => {
    // A payload's marker or URL in a console message (a refused load, an error it threw). Not just "xss": the temp
    // folder is called runlens-e2e-xss-….
    if (/__xss\(|(?:^|[\s/\\"'=(])xss-[a-z0-9-]+|xss\.invalid/i.test(m.text())) consoleHits.push(`${m.type()}: ${m.text()}`);
  });
  return {
    async expectInert(where: string) {
      const dom = await page.evaluate(() => (window as unknown as { __xssScan: () => string[] }).__xssScan());
      const problems: string[] = [];
      // Every CSP report counts, the app's own included: the app runs without eval (zod jitless, renderer/main.tsx).
      for (const h of hits) problems.push(`${h.kind}: ${JSON.stringify(h.detail)}`);
      problems.push(...dom.map((d) => `in the DOM now: ${d}`), ...dialogs.map((d) => `dialog ${d}`), ...requests.map((r) => `request ${r}`), ...consoleHits);
      // Each check reports what happened since the last one, so a failure names the view that caused it.
      for (const list of [hits, dialogs, requests, consoleHits]) list.length = 0;
      expect(problems, `${where}: a payload ran or was parsed as markup`).toEqual([]);
    },
  };
}

/** Whether the element's text holds `text` exactly (textContent: what is a text node, never parsed markup). */
async function hasText(loc: Locator, text: string): Promise<boolean> {
  return loc.evaluate((el, t) => (el.textContent ?? '').includes(t), text);
}

async function expectText(loc: Locator, text: string, what: string): Promise<void> {
  await expect.poll(() => hasText(loc, text), { ...WAIT, message: `${what} shows ${JSON.stringify(text)} as text` }).toBe(true);
}

/** Whitespace-free form, to find text a PDF wrapped across lines. */
const squash = (s: string) => s.replace(/\s+/g, '');

/** Every stream of a PDF inflated (Chromium compresses content and object streams), plus the raw bytes as Latin-1. */
function pdfTexts(bytes: Buffer): string[] {
  const out = [bytes.toString('latin1')];
  const raw = out[0] as string;
  const re = /stream\r?\n/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    try {
      out.push(inflateSync(bytes.subarray(start, end)).toString('latin1'));
    } catch {
      // Not Flate (an image, a font subset): nothing an action could hide in.
    }
    re.lastIndex = end;
  }
  return out;
}

describe('untrusted content stays inert (web mode, XSS corpus library)', () => {
  let corpus: XssCorpus;
  let lib: XssLibrary;
  let app: E2eApp;
  let page: Page;
  let probe: Probe;
  const P = (id: string) => payloadText(corpus, id);

  beforeAll(async () => {
    corpus = loadXssCorpus();
    app = await openApp({
      prefix: 'runlens-e2e-xss-',
      acceptDownloads: true,
      folders: async (dir) => {
        lib = await writeXssLibrary(path.join(dir, 'library'), corpus);
        return [lib.root];
      },
    });
    page = app.page;
    probe = await attachProbe(page);
    await page.goto(app.serve.url);
    await page.locator('[data-app-state="ready"]').waitFor({ timeout: 60_000 });
  });
  afterAll(() => app?.close());

  const tab = (name: string) => page.locator(`[data-testid="app.tab"][data-tab="${name}"]`).click();

  /** Every run row of the (virtualised) runs table, scrolled through: path → name cell text. */
  async function allRows(): Promise<Map<string, string>> {
    const seen = await page.locator('.table-wrap').first().evaluate(async (el) => {
      const out: [string, string][] = [];
      const frame = () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
      el.scrollTop = 0;
      for (;;) {
        await frame();
        for (const r of el.querySelectorAll('[data-testid="library.run-row"]')) out.push([r.getAttribute('data-run-path') ?? '', r.querySelector('td.name')?.textContent ?? '']);
        if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) break;
        el.scrollTop += Math.max(1, Math.floor(el.clientHeight / 2));
      }
      el.scrollTop = 0;
      return out;
    });
    return new Map(seen);
  }

  /** Selects exactly these runs (by path; attribute values compared in the page, since paths hold quotes). */
  async function selectOnly(paths: readonly string[]): Promise<void> {
    // Rows are clicked as DOM events: a sticky chart heading of a long (payload) metric name may sit over the table.
    const clear = page.getByRole('button', { name: 'Clear selection' });
    if ((await clear.count()) > 0) await clear.dispatchEvent('click');
    await expect.poll(() => page.locator('[data-testid="library.run-row"][data-selected="true"]').count(), WAIT).toBe(0);
    for (const p of paths) {
      const wrap = page.locator('.table-wrap').first();
      const found = await wrap.evaluate(async (el, want) => {
        const frame = () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
        el.scrollTop = 0;
        for (;;) {
          await frame();
          const row = Array.from(el.querySelectorAll('[data-testid="library.run-row"]')).find((r) => r.getAttribute('data-run-path') === want);
          if (row) {
            row.scrollIntoView({ block: 'center' });
            return true;
          }
          if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return false;
          el.scrollTop += Math.max(1, Math.floor(el.clientHeight / 2));
        }
      }, p);
      expect(found, `run row ${p}`).toBe(true);
      const rows = page.getByTestId('library.run-row');
      const i = (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-run-path')))).indexOf(p);
      await rows.nth(i).dispatchEvent('click');
    }
    await expect.poll(() => page.locator('[data-testid="library.run-row"][data-selected="true"]').count(), WAIT).toBe(paths.length);
  }

  async function download(click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
    const [d] = (await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), click()])) as [Download, void];
    return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
  }

  /**
   * Parses exported markup (SVG or HTML) in a throwaway page as an inert document (DOMParser runs nothing) and lists
   * what a payload would have made of it: elements that run or load things, `on*` attributes, javascript:/data: URLs,
   * `xss-*` ids. A regular expression over the file cannot tell `href="javascript:…"` as an attribute from the same
   * characters escaped in a text node; a parser can.
   */
  async function markupProblems(markup: string, type: 'image/svg+xml' | 'text/html'): Promise<{ problems: string[]; text: string }> {
    const blank = await app.browser.newPage();
    try {
      return await blank.evaluate(
        ([m, t]) => {
          const doc = new DOMParser().parseFromString(m, t as DOMParserSupportedType);
          const problems: string[] = [];
          if (doc.querySelector('parsererror')) problems.push('not well-formed');
          const allowedMeta = (el: Element) => el.localName === 'meta' && /^content-security-policy$/i.test(el.getAttribute('http-equiv') ?? '');
          for (const el of Array.from(doc.querySelectorAll('*'))) {
            const tag = el.localName.toLowerCase();
            if (['script', 'foreignobject', 'iframe', 'frame', 'object', 'embed', 'base', 'noscript', 'template', 'link'].includes(tag)) problems.push(`<${tag}>`);
            if (tag === 'meta' && el.hasAttribute('http-equiv') && !allowedMeta(el)) problems.push(`<meta http-equiv=${el.getAttribute('http-equiv')}>`);
            if (el.id.startsWith('xss-')) problems.push(`#${el.id}`);
            for (const a of Array.from(el.attributes)) {
              if (/^on/i.test(a.name)) problems.push(`${tag}[${a.name}]`);
              if (/^(?:href|src|xlink:href|action|formaction|data|srcdoc|poster)$/i.test(a.name) && (/^\s*(?:javascript|vbscript|data:(?!image\/(?:png|jpeg|gif|webp);))/i.test(a.value) || /(?:^|\/)xss-|xss\.invalid/i.test(a.value))) problems.push(`${tag}[${a.name}=${a.value.slice(0, 80)}]`);
            }
          }
          return { problems, text: doc.documentElement.textContent ?? '' };
        },
        [markup, type] as const,
      );
    } finally {
      await blank.close();
    }
  }

  it('the runs table shows every hostile run name as text', async () => {
    const rows = await allRows();
    const expected = new Map<string, string>();
    for (const [p] of lib.tensorboardRuns) expected.set(p, p);
    for (const [p, id] of lib.mlflowRuns) expected.set(p, P(id));
    expected.set(lib.hfRun, lib.hfRun);
    expected.set(lib.logRun, lib.logRun);
    for (const [p, name] of expected) expect(rows.get(p), `row of ${p}`).toBe(name);
    // Every payload is some run's name (as a folder name or an MLflow run name).
    for (const pl of corpus.payloads) expect([...rows.values()].some((n) => n.includes(pl.text)), `a run named ${pl.id}`).toBe(true);
    await probe.expectInert('runs table');
  });

  it('a config column keyed by a payload shows payload values in the runs table', async () => {
    await page.getByTestId('library.columns-button').click();
    const options = page.getByTestId('library.column-option');
    await expect.poll(() => options.count(), WAIT).toBeGreaterThan(0);
    const key = P('img-onerror');
    const labels = await options.evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    const i = labels.findIndex((l) => l.includes(key));
    expect(i, 'a column option named by the payload key').toBeGreaterThanOrEqual(0);
    await options.nth(i).locator('input').check();
    await page.keyboard.press('Escape');
    const header = page.getByTestId('library.column-header');
    await expect.poll(async () => (await header.allTextContents()).some((t) => t.includes(key)), WAIT).toBe(true);
    await expectText(page.locator('.table-wrap').first(), 'img-onerror', 'the payload-keyed column');
    await probe.expectInert('runs table config column');
  });

  it('curves: legend, metric picker, a payload-named chart and its tooltip stay text', async () => {
    const mlflowScript = [...lib.mlflowRuns].find(([, id]) => id === 'script')?.[0] ?? '';
    await selectOnly([lib.richRun, lib.hfRun, lib.logRun, mlflowScript]);
    await tab('curves');
    const legend = page.locator('.run-legend').first();
    for (const name of [lib.richRun, lib.hfRun, lib.logRun, P('script')]) await expectText(legend, name, 'the legend');
    // The picker lists every payload tag of the rich run, as text.
    const options = page.getByTestId('curves.metric-option');
    await expect.poll(() => options.count(), WAIT).toBeGreaterThan(lib.payloadTags.size);
    const listed = new Set(await options.evaluateAll((els) => els.map((e) => e.getAttribute('data-metric') ?? '')));
    for (const tag of lib.payloadTags.keys()) expect(listed.has(tag), `metric option ${JSON.stringify(tag)}`).toBe(true);
    const picker = options.first().locator('xpath=ancestor::*[@data-testid="curves.metric-group"]/..');
    await expectText(picker, `train/${P('img-onerror')}`, 'the metric picker');

    // Plot the payload-named metric and hover it: ECharts' tooltip is HTML built from the run and metric names.
    const metric = `train/${P('img-onerror')}`;
    const idx = (await options.evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')))).indexOf(metric);
    const box = options.nth(idx).locator('input');
    if (!(await box.isChecked())) await box.check();
    const charts = page.getByTestId('curves.chart');
    await expect.poll(async () => (await charts.evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')))).includes(metric), WAIT).toBe(true);
    const chart = charts.nth((await charts.evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')))).indexOf(metric));
    await expect.poll(() => chart.getAttribute('aria-busy'), WAIT).toBe('false');
    await expectText(chart, metric, 'the chart heading');
    const canvas = chart.locator('canvas').first();
    await canvas.scrollIntoViewIfNeeded();
    const cb = await canvas.boundingBox();
    if (!cb) throw new Error('no chart canvas');
    // Sweep across the plot until the tooltip shows the run's name.
    let shown = false;
    for (let f = 0.3; f <= 0.9 && !shown; f += 0.1) {
      await page.mouse.move(cb.x + cb.width * f, cb.y + cb.height / 2);
      shown = await expect
        .poll(() => hasText(chart, `${lib.richRun}:`), { timeout: 2_000, interval: 100 })
        .toBe(true)
        .then(() => true)
        .catch(() => false);
    }
    await probe.expectInert('curves tooltip');
    expect(shown, 'the tooltip names the run').toBe(true);
    await expectText(chart, `${metric} · `, 'the tooltip heading');
    await page.mouse.move(0, 0);
    await probe.expectInert('curves');
  });

  it('notes typed in the app (chart and run) show as text', async () => {
    const chart = page.locator('[data-testid="curves.chart"][data-metric="loss"]').first();
    await chart.waitFor();
    await chart.getByTestId('curves.add-note').click();
    const note = `${P('script')} ${P('img-onerror')} ${P('md-link')}`;
    await chart.getByTestId('curves.note-text').fill(note);
    await chart.getByTestId('curves.note-save').click();
    await expect.poll(() => chart.getAttribute('data-note-count'), WAIT).toBe('1');
    expect(await chart.getByTestId('curves.note').locator('.note-text').textContent()).toBe(note);
    const runNote = page.locator('.run-legend [data-testid="notes.button"]').first();
    await runNote.locator('button').first().click();
    await runNote.getByTestId('notes.text').fill(`${P('svg-onload')} ${P('attr-dq')}`);
    await runNote.getByTestId('notes.save').click();
    await expect.poll(() => runNote.getAttribute('data-count'), WAIT).toBe('1');
    await expectText(runNote, P('svg-onload'), 'the run note');
    await probe.expectInert('notes in the app');
  });

  it('notes saved through the API (run, chart, comparison row, finding) show as text after a reload', async () => {
    const url = new URL(app.serve.url);
    const token = url.searchParams.get('token') ?? '';
    const call = async (channel: string, body: unknown): Promise<unknown> => {
      const res = await fetch(`${url.origin}/api/rpc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      const out = (await res.json()) as { ok: boolean; value?: unknown; error?: unknown };
      if (!out.ok) throw new Error(`${channel}: ${JSON.stringify(out.error)}`);
      return out.value;
    };
    const runs = (await call('library:list-runs', {})) as { id: string; path: string }[];
    const rich = runs.find((r) => r.path === lib.richRun);
    if (!rich) throw new Error('rich run not listed');
    const saved: string[] = [];
    for (const [i, pl] of corpus.payloads.entries()) {
      const target =
        i % 4 === 0
          ? { kind: 'run', runId: rich.id }
          : i % 4 === 1
            ? { kind: 'chart', metric: 'loss', runId: rich.id, step: 10 * (1 + (i % 9)), stepEnd: i % 8 === 1 ? 10 * (2 + (i % 9)) : null }
            : i % 4 === 2
              ? { kind: 'compare-row', task: lib.payloadTask, metric: 'acc', filter: 'none' }
              : { kind: 'finding', runId: rich.id, metric: 'loss', findingKind: 'spike', step: 50 };
      await call('annotations:save', { target, text: pl.text });
      saved.push(pl.text);
    }
    await page.reload();
    await page.locator('[data-app-state="ready"]').waitFor({ timeout: 60_000 });
    await tab('curves');
    const chart = page.locator('[data-testid="curves.chart"][data-metric="loss"]').first();
    await expect.poll(async () => Number(await chart.getAttribute('data-note-count')), WAIT).toBeGreaterThan(1);
    const chartNotes = await chart.getByTestId('curves.note').locator('.note-text').allTextContents();
    for (const [i, pl] of corpus.payloads.entries()) if (i % 4 === 1) expect(chartNotes, `chart note ${pl.id}`).toContain(pl.text);
    // Hover each note line: its tooltip is HTML made from the note's text.
    const canvas = chart.locator('canvas').first();
    await canvas.scrollIntoViewIfNeeded();
    const cb = await canvas.boundingBox();
    if (!cb) throw new Error('no chart canvas');
    for (let f = 0.1; f <= 0.95; f += 0.05) await page.mouse.move(cb.x + cb.width * f, cb.y + 12);
    await page.mouse.move(0, 0);
    await probe.expectInert('notes from the API');
  });

  it('review: the config diff of payload keys and values, and the checkpoints', async () => {
    const other = [...lib.tensorboardRuns.keys()].find((p) => p !== lib.richRun) ?? '';
    await selectOnly([lib.richRun, other, lib.hfRun]);
    await tab('review');
    const table = page.getByTestId('review.config-table');
    await table.waitFor({ timeout: 30_000 });
    await expectText(table, P('img-onerror'), 'the config diff (a payload key)');
    await expectText(table, P('script'), 'the config diff (a payload value)');
    await expectText(table, P('iframe-srcdoc'), 'the config diff (the trial name)');
    await expectText(page.getByTestId('review.view'), lib.hfRun, 'the review column headers');
    await expectText(page.getByTestId('review.checkpoints'), 'checkpoint-25', 'the checkpoints of the payload-named run');
    await probe.expectInert('review config');
  });

  it('review: per-sample outputs (list, detail and word diff) stay text', async () => {
    await selectOnly([lib.evalBase, lib.evalTuned]);
    await tab('review');
    const panel = page.getByTestId('review.samples');
    await expect.poll(() => panel.getAttribute('data-state'), WAIT).toBe('ready');
    const list = panel.getByTestId('review.sample-list');
    await expect.poll(async () => Number(await list.getAttribute('data-total')), WAIT).toBe(corpus.payloads.length);
    const rows = panel.getByTestId('review.sample-row');
    await expectText(list, P('script'), 'the sample list');
    const n = Math.min(6, await rows.count());
    for (let i = 0; i < n; i++) {
      await rows.nth(i).click();
      const detail = panel.getByTestId('review.sample-detail');
      await expect.poll(() => detail.getAttribute('data-state'), WAIT).toBe('ready');
      await expect.poll(() => detail.getByTestId('review.sample-response').count(), WAIT).toBe(2);
      const key = (await rows.nth(i).getAttribute('data-key')) ?? '';
      const text = (await detail.textContent()) ?? '';
      expect(corpus.payloads.some((p) => text.includes(p.text)), `sample ${key} shows its payload`).toBe(true);
    }
    await expectText(page.getByTestId('review.view'), P('attr-dq'), 'the eval table (a payload task)');
    await probe.expectInert('review samples');
  });

  it('diagnosis and the log view show payload log lines as text', async () => {
    await selectOnly([lib.logRun]);
    await tab('diagnosis');
    const view = page.getByTestId('diagnosis.view');
    await expect.poll(() => view.getAttribute('data-state'), WAIT).toBe('ready');
    const runView = view.getByTestId('diagnosis.run');
    await expectText(runView, lib.logRun, 'the diagnosis heading');
    await expectText(runView, P('script'), 'the root cause evidence');
    await probe.expectInert('diagnosis');
    await runView.getByTestId('diagnosis.root-log').click();
    const log = page.getByTestId('log.view');
    try {
      await expect.poll(() => log.getAttribute('data-state'), WAIT).toBe('ready');
      await probe.expectInert('log view');
      for (const id of ['script', 'img-onerror', 'svg-foreign']) await expectText(log, P(id), `the log view (${id})`);
      const lines = await log.getByTestId('log.line').allTextContents();
      const shown = corpus.payloads.filter((p) => lines.some((l) => l.includes(p.text.replace(/[\r\n]/g, ' '))));
      expect(shown.length, 'payload lines in the log view').toBeGreaterThan(corpus.payloads.length / 2);
    } finally {
      // The log is a modal: left open, it would block every later step.
      if ((await log.count()) > 0) await page.getByTestId('log.close').click();
    }
  });

  it('audit: mixture sources and domains named by payloads stay text', async () => {
    await selectOnly([lib.evalBase, lib.evalTuned]);
    await tab('audit');
    const view = page.getByTestId('audit.view');
    await expect.poll(() => view.getAttribute('data-state'), WAIT).toBe('ready');
    await expectText(view, P('script'), 'the audit (a payload domain)');
    await expectText(view, P('svg-onload'), 'the audit (a payload source)');
    await probe.expectInert('audit');
  });

  it('compare: payload task and model names stay text; CSV is formula-guarded and LaTeX escaped', async () => {
    await selectOnly([lib.evalBase, lib.evalTuned]);
    await tab('compare');
    const table = page.getByTestId('compare.table');
    await table.waitFor({ timeout: 30_000 });
    await expectText(table, lib.payloadTask, 'the comparison table (task)');
    await expectText(table, lib.csvTask, 'the comparison table (formula task)');
    await expectText(page.getByTestId('compare.view'), P('js-url'), 'the comparison columns (model name)');

    const csv = await download(() => page.getByTestId('compare.export-csv').click());
    const records = parseCsv(csv.bytes.toString('utf8'));
    const cells = records.flat();
    for (const c of cells) expect(isFormulaCell(c), `CSV cell ${JSON.stringify(c)} would be a formula`).toBe(false);
    expect(cells).toContain(`'${lib.csvTask}`);
    expect(cells).toContain(lib.payloadTask);
    // Where the list separator is `;` (most of Europe) the same file splits there: no cell may start a formula either.
    for (const c of spreadsheetRows(csv.bytes.toString('utf8'), ';').flat()) expect(isFormulaCell(c), `;-separated cell ${JSON.stringify(c)}`).toBe(false);

    const tex = (await download(() => page.getByTestId('compare.export-latex').click())).bytes.toString('utf8');
    expect(tex).not.toContain(lib.latexTask);
    expect(tex).toContain('\\textbackslash{}input\\{/etc/passwd\\}');
    expect(tex).not.toMatch(/\\(?:input|include|write18|immediate|openout|def)\b/);
    await probe.expectInert('compare');
  });

  it('chart exports: the SVG holds payload names as text only, the CSV guards formulas under either list separator', async () => {
    const semicolonRun = [...lib.mlflowRuns].find(([, id]) => id === 'csv-semicolon-dde')?.[0] ?? '';
    await selectOnly([lib.richRun, semicolonRun]);
    await tab('curves');
    const metric = P('csv-semicolon-dde');
    const options = page.getByTestId('curves.metric-option');
    await expect.poll(() => options.count(), WAIT).toBeGreaterThan(lib.payloadTags.size);
    const idx = (await options.evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')))).indexOf(metric);
    expect(idx).toBeGreaterThanOrEqual(0);
    const box = options.nth(idx).locator('input');
    if (!(await box.isChecked())) await box.check();
    const charts = page.getByTestId('curves.chart');
    const chartOf = async (m: string) => {
      await expect.poll(async () => (await charts.evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')))).includes(m), WAIT).toBe(true);
      const chart = charts.nth((await charts.evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')))).indexOf(m));
      await expect.poll(() => chart.getAttribute('aria-busy'), WAIT).toBe('false');
      return chart;
    };
    const via = async (chart: Locator, testId: string) => {
      await chart.getByTestId('curves.export').locator('summary').click();
      return (await download(() => chart.getByTestId(testId).click())).bytes.toString('utf8');
    };
    const payloadChart = await chartOf(metric);
    const parsed = await markupProblems(await via(payloadChart, 'curves.export-svg'), 'image/svg+xml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.text).toContain(metric);

    const lossChart = await chartOf('loss');
    const lossSvg = await markupProblems(await via(lossChart, 'curves.export-svg'), 'image/svg+xml');
    expect(lossSvg.problems).toEqual([]);
    expect(lossSvg.text).toContain(lib.richRun);
    expect(lossSvg.text).toContain(P('csv-semicolon-dde'));

    for (const chart of [payloadChart, lossChart]) {
      const csvText = await via(chart, 'curves.export-csv');
      expect(csvText.startsWith('# metric: ')).toBe(true);
      for (const sep of [',', ';'] as const) for (const c of spreadsheetRows(csvText, sep).flat()) expect(isFormulaCell(c), `CSV cell ${JSON.stringify(c)} (separator ${sep})`).toBe(false);
    }
    await probe.expectInert('chart exports');
  });

  const reportTitle = () => `Review ${P('script')} ${P('attr-dq')}`;
  const markdown = () =>
    [
      `# Heading ${P('img-onerror')}`,
      '',
      `Raw HTML: ${P('script')} ${P('svg-onload')} ${P('iframe-srcdoc')}`,
      '',
      `Links: ${P('md-link')} ${P('md-image')} ${P('md-autolink')} ${P('md-data-link')} [ok](https://example.org/docs)`,
      '',
      `- ${P('a-href-js')}`,
      `- ${P('entities')}`,
      `- ${P('template')} ${P('echarts-rich')}`,
      '',
      `> ${P('style-breakout')}`,
      '',
      '```',
      P('mxss-noscript'),
      P('svg-foreign'),
      '```',
      '',
      `Separators: ${P('u2028')} ${P('object-data')} ${P('meta-refresh')} ${P('base-href')} ${P('alert-dialog')}`,
      '',
      `TeX and sheets: ${P('latex-input')} ${P('csv-dde')}`,
    ].join('\n');

  it('report preview: every section of hostile runs, notes and Markdown stays text', async () => {
    const mlflow = (id: string) => [...lib.mlflowRuns].find(([, pid]) => pid === id)?.[0] ?? '';
    await selectOnly([lib.richRun, lib.hfRun, lib.logRun, mlflow('script'), mlflow('csv-hyperlink'), lib.evalBase, lib.evalTuned]);
    await tab('report');
    await page.getByTestId('report.new').click();
    await page.getByTestId('report.title-input').fill(reportTitle());
    await page.getByTestId('report.authors-input').fill(P('attr-sq'));
    await page.getByTestId('report.text-body').first().fill(markdown());
    const metrics = page.getByTestId('report.curves-metrics');
    await metrics.fill(`loss, train/${P('img-onerror')}`);
    await metrics.blur();
    for (const kind of ['diagnosis', 'audit', 'review']) {
      const add = page.locator(`[data-testid="report.add-section"][data-kind="${kind}"]`);
      if ((await add.count()) > 0) await add.click();
    }
    const preview = page.getByTestId('report.page');
    await expect.poll(() => preview.getAttribute('data-report-state'), { timeout: 60_000, interval: 200 }).toBe('ready');
    expect(await page.getByTestId('report.title').textContent()).toBe(reportTitle());
    const md = preview.getByTestId('report.markdown');
    for (const id of ['script', 'svg-onload', 'iframe-srcdoc', 'style-breakout', 'mxss-noscript', 'svg-foreign', 'object-data', 'alert-dialog']) await expectText(md, P(id), `the Markdown section (${id})`);
    // Only the http(s) link became a link; javascript:/data: destinations are text.
    expect(await md.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['https://example.org/docs']);
    await expectText(md, 'javascript:window.__xss(', 'the Markdown section (a refused link)');
    await expectText(preview.getByTestId('report.runs-table'), P('script'), 'the runs section');
    await expectText(preview, lib.richRun, 'the report');
    await expectText(preview.getByTestId('report.notes'), P('img-onerror'), 'the notes section');
    await expectText(preview, lib.payloadTask, 'the comparison section');
    await probe.expectInert('report preview');
  });

  it('HTML export: a standalone file with no script, no handlers, no javascript: URLs, inert when opened', async () => {
    const out = await download(() => page.getByTestId('report.export-html').click());
    const htmlFile = path.join(app.work.dir, 'report.html');
    await writeFile(htmlFile, out.bytes);
    const html = out.bytes.toString('utf8');
    // Text and attribute values escape `<` (HTML serialisation since Chromium 138), so no tag can hide in either.
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(?:iframe|object|embed|base|noscript|foreignObject)\b/i);
    expect(html).toContain('&lt;script&gt;window.__xss(');
    const parsed = await markupProblems(html, 'text/html');
    expect(parsed.problems).toEqual([]);
    expect(parsed.text).toContain(P('a-href-js'));

    const opened = await app.browser.newPage();
    try {
      const offlineProbe = await attachProbe(opened);
      await opened.route('**/*', (r) => (r.request().url().startsWith('file:') ? r.continue() : r.abort()));
      const errors: string[] = [];
      opened.on('pageerror', (e) => errors.push(e.message));
      await opened.goto(pathToFileURL(htmlFile).href);
      expect(await opened.getByTestId('report.title').textContent()).toBe(reportTitle());
      await expectText(opened.getByTestId('report.markdown'), P('script'), 'the exported Markdown');
      await expectText(opened.locator('body'), lib.richRun, 'the exported report');
      // Pointer and focus events on every element give any handler that survived its chance.
      await opened.evaluate(() => {
        for (const el of Array.from(document.body.querySelectorAll('*'))) {
          for (const type of ['mouseover', 'mouseenter']) el.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true }));
          if (el instanceof HTMLElement) el.focus();
        }
      });
      await offlineProbe.expectInert('exported HTML');
      expect(errors).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('PDF export: payloads print as literal text; no JavaScript, Launch or javascript: URI actions', async () => {
    const out = await download(() => page.getByTestId('report.export-pdf').click());
    const pdfBytes = out.bytes;
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = path.join(app.work.dir, 'report.pdf');
    await writeFile(file, pdfBytes);
    const text = squash((await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout);
    for (const id of ['script', 'img-onerror', 'svg-onload', 'iframe-srcdoc', 'a-href-js', 'style-breakout', 'object-data', 'latex-input']) {
      expect(text.includes(squash(P(id))), `the PDF text holds ${id} literally`).toBe(true);
    }
    expect(text).toContain(squash(reportTitle()));
    const bodies = pdfTexts(pdfBytes);
    expect(bodies.length, 'the PDF has inflatable streams (the scan below reads inside them)').toBeGreaterThan(1);
    for (const body of bodies) {
      // Only the matches are reported: the bodies are binary.
      expect(body.match(/\/(?:JavaScript|JS|Launch|SubmitForm|ImportData|RichMedia)\b[^\n]{0,80}/g) ?? [], 'PDF actions that run or launch things').toEqual([]);
      expect(body.match(/\/URI\s*\(\s*(?:javascript|data|file|vbscript):[^)]{0,80}/gi) ?? [], 'PDF links to script or local URLs').toEqual([]);
    }
    await probe.expectInert('after the PDF export');
  });

  it('report data CSV: run names that start a formula are guarded', async () => {
    const csv = (await download(() => page.getByTestId('report.export-csv').click())).bytes.toString('utf8');
    const rows = spreadsheetRows(csv, ',');
    expect(rows[0]?.slice(0, 2)).toEqual(['kind', 'run']);
    expect(rows.flat().filter(isFormulaCell)).toEqual([]);
    expect(rows.some((r) => r[1] === `'${P('csv-hyperlink')}`), 'the formula-named run, guarded').toBe(true);
    expect(rows.some((r) => r[1] === P('script')), 'the script-named run, as written').toBe(true);
    await probe.expectInert('after the data export');
    expect(app.pageErrors).toEqual([]);
  });
});
