import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { repoRoot, tempDir } from './paths';
import type { ServeProcess } from './serve-process';
import { CHROMIUM_ARGS, chromiumPath, startServeProcess } from './serve-process';

/** Waiting on the page's own state, never on a fixed delay; the bound only turns a hang into a failure. */
export const WAIT = { timeout: 20_000, interval: 100 };

/** The real app for an end-to-end test: `runlens serve` on a fresh workspace, and a Chromium page (not yet opened). */
export interface E2eApp {
  readonly work: { readonly dir: string; readonly cleanup: () => Promise<void> };
  readonly serve: ServeProcess;
  readonly browser: Browser;
  readonly page: Page;
  /** Uncaught errors on the page; every test ends by checking it is empty. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

export interface OpenAppOptions {
  /** Temp folder prefix, so a leftover folder says which spec made it. */
  readonly prefix: string;
  /** Folders to serve, given the temp folder (to write runs into it first). Default: the bundled demo. */
  readonly folders?: (workDir: string) => Promise<readonly string[]> | readonly string[];
  readonly viewport?: { readonly width: number; readonly height: number };
  readonly acceptDownloads?: boolean;
}

export async function openApp(opts: OpenAppOptions): Promise<E2eApp> {
  const work = await tempDir(opts.prefix);
  const folders = opts.folders ? await opts.folders(work.dir) : [path.join(repoRoot, 'demo')];
  const serve = await startServeProcess(['--workspace', path.join(work.dir, 'ws'), ...folders]);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1400, height: 900 }, ...(opts.acceptDownloads ? { acceptDownloads: true } : {}) });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return {
    work,
    serve,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await serve.stop();
      await work.cleanup();
    },
  };
}

/** Selects exactly these runs in the runs table (by folder path), deselecting whatever was selected. */
export async function selectOnlyRuns(page: E2eApp['page'], paths: readonly string[]): Promise<void> {
  for (;;) {
    const selected = page.locator('[data-testid="library.run-row"][data-selected="true"]');
    if ((await selected.count()) === 0) break;
    await selected.first().click();
  }
  for (const p of paths) await page.locator(`[data-testid="library.run-row"][data-run-path="${p}"]`).click();
}
