import type { ReportPrinter } from '../services/reports';
import { SNAPSHOT_CALL } from '../report/snapshot';
import { printToPdf } from './pdf';

/** The part of a BrowserWindow the printer uses (a fake in tests). */
export interface PrintWindow {
  loadURL(url: string): Promise<void>;
  readonly webContents: {
    executeJavaScript(code: string): Promise<unknown>;
    printToPDF(options: Parameters<typeof printToPdf>[0] extends { printToPDF(o: infer O): unknown } ? O : never): Promise<Buffer | Uint8Array>;
  };
  destroy(): void;
}

/** How long the report page may take to say it is ready (every section loaded). */
export const REPORT_READY_TIMEOUT_MS = 120_000;
const POLL_MS = 100;
const READY_STATE = `document.querySelector('[data-report-state]')?.getAttribute('data-report-state') ?? ''`;

/**
 * Electron's report printer: a hidden window (the same secure options as the app's) loads the report page in print
 * mode, waits for it to be ready, and prints it with webContents.printToPDF, or takes its standalone HTML copy.
 */
export function electronReportPrinter(openWindow: () => PrintWindow, entryUrl: string, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): ReportPrinter {
  const withWindow = async <T>(reportId: string, fn: (win: PrintWindow) => Promise<T>): Promise<T> => {
    const win = openWindow();
    try {
      const url = new URL(entryUrl);
      url.searchParams.set('report', reportId);
      url.searchParams.set('print', '1');
      await win.loadURL(url.toString());
      for (let waited = 0; ; waited += POLL_MS) {
        const state = await win.webContents.executeJavaScript(READY_STATE);
        if (state === 'ready') break;
        if (state === 'error') throw new Error('the report could not be rendered');
        if (waited >= REPORT_READY_TIMEOUT_MS) throw new Error('the report page did not finish loading');
        await sleep(POLL_MS);
      }
      return await fn(win);
    } finally {
      win.destroy();
    }
  };
  return {
    pdf: (reportId) => withWindow(reportId, (win) => printToPdf(win.webContents)),
    html: (reportId) =>
      withWindow(reportId, async (win) => {
        const html = await win.webContents.executeJavaScript(SNAPSHOT_CALL);
        if (typeof html !== 'string') throw new Error('the report page gave no HTML copy');
        return html;
      }),
  };
}
