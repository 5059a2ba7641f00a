import type { Page } from 'playwright-core';
import type { ReportPrinter } from '../services/reports';
import { CHROMIUM_ARGS, findChromium } from '../platform/chromium';
import { SNAPSHOT_CALL } from './snapshot';

/** Page footer: page numbers, printed by the engine on every page. */
export const FOOTER_TEMPLATE = '<div style="width:100%;font-size:8px;color:#59636e;text-align:center;font-family:sans-serif"><span class="pageNumber"></span> / <span class="totalPages"></span></div>';
/** A report page that never says it is ready (a section stuck loading) fails the export instead of hanging it. */
const READY_TIMEOUT_MS = 120_000;

/** The address of a report's print page in the served app (the SPA renders only the report when `report=` is set). */
export function reportPageUrl(appUrl: string, reportId: string): string {
  const url = new URL(appUrl);
  url.searchParams.set('report', reportId);
  url.searchParams.set('print', '1');
  return url.toString();
}


/**
 * Renders reports with a headless Chromium (serve mode and the CLI; Electron has its own): the same renderer in print
 * mode (SVG charts, no animation). PDF: A4, backgrounds, page numbers in the footer. HTML: the page's standalone copy.
 */
export function chromiumReportPrinter(appUrl: string, chromiumPath: string | null = findChromium()): ReportPrinter {
  const withPage = async <T>(reportId: string, fn: (page: Page) => Promise<T>): Promise<T> => {
    if (chromiumPath === null) throw new Error('Reports need Chromium: install it (apt-get install -y chromium) or set CHROMIUM_PATH.');
    // Loaded on first use: the app starts without it, and the Electron build never needs it.
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(reportPageUrl(appUrl, reportId));
      const state = await page.waitForSelector('[data-report-state="ready"], [data-report-state="error"]', { timeout: READY_TIMEOUT_MS });
      if ((await state.getAttribute('data-report-state')) === 'error') throw new Error(`the report could not be rendered: ${(await state.textContent())?.trim() ?? ''}`);
      if (errors.length > 0) throw new Error(`the report page failed: ${errors[0]}`);
      return await fn(page);
    } finally {
      await browser.close();
    }
  };
  return {
    pdf: (reportId) =>
      withPage(reportId, async (page) => {
        await page.emulateMedia({ media: 'print' });
        return page.pdf({ format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' }, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: FOOTER_TEMPLATE });
      }),
    html: (reportId) =>
      withPage(reportId, async (page) => {
        const html: unknown = await page.evaluate(SNAPSHOT_CALL);
        if (typeof html !== 'string') throw new Error('the report page gave no HTML copy');
        return html;
      }),
  };
}
