import { existsSync } from 'node:fs';
import path from 'node:path';
import { createHost } from '../../main/host';
import { CHROMIUM_ARGS, findChromium } from '../../main/platform/chromium';
import { chromiumReportPrinter, FOOTER_TEMPLATE } from '../../main/report/print-chromium';
import { startServer } from '../../main/serve/server';
import { TENSORBOARD_DEFAULT } from '../../shared/analysis/smoothing';
import type { ReportSection, ReportSpec } from '../../shared/domain/report';
import { STEP_X } from '../../shared/domain/series';
import { repoRoot } from '../../test/helpers/paths';
import type { ScenarioResult } from '../lib/measure';
import { medianMs, valueBelow } from '../lib/measure';

const CHARTS = 12;
const PAGES = 10;

/**
 * `report`: exporting a report of the demo with CHARTS charts on about PAGES pages (the "10-page report with
 * 12 charts"), from spec to PDF bytes through the same page and printer as the app, against printing PAGES pages of
 * plain text with the same Chromium in the same run (the engine's own cost of a PDF that long).
 */
export async function reportExport(dir: string, reps: number): Promise<ScenarioResult> {
  const rendererDir = path.join(repoRoot, 'dist', 'renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) throw new Error('bench report needs the built renderer: run `npm run build` first');
  const chromiumPath = findChromium();
  if (chromiumPath === null) throw new Error('bench report needs Chromium (apt-get install -y chromium, or CHROMIUM_PATH)');
  const host = await createHost({ workspaceDir: path.join(dir, 'report-ws'), mode: 'cli', watch: false });
  const server = await startServer({ host, rendererDir });
  try {
    await host.addFolders([path.join(repoRoot, 'demo')]);
    const runs = await host.handlers['library:list-runs']({}, { mode: 'cli' });
    const training = runs.filter((r) => r.format !== 'lm-eval' && r.format !== 'sweep');
    const evals = runs.filter((r) => r.format === 'lm-eval').map((r) => r.id);
    const sweeps = runs.filter((r) => r.format === 'sweep').map((r) => r.id);
    const metrics = ['train/loss', 'loss', 'eval/loss', 'eval_loss', 'train/grad_norm', 'grad_norm', 'train/learning_rate', 'learning_rate', 'rewards/margins', 'rewards/accuracies'];
    const curveCharts = CHARTS - 2; // plus the plane and the robustness figure
    const sections: ReportSection[] = [
      { kind: 'runs', runIds: runs.map((r) => r.id) },
      { kind: 'curves', runIds: training.map((r) => r.id), metrics: metrics.slice(0, curveCharts / 2), smoothing: TENSORBOARD_DEFAULT, x: STEP_X },
      { kind: 'curves', runIds: training.map((r) => r.id), metrics: metrics.slice(curveCharts / 2, curveCharts), smoothing: TENSORBOARD_DEFAULT, x: STEP_X },
      { kind: 'comparison', runIds: evals, baselineRunId: null },
      { kind: 'plane', runIds: evals, baselineRunId: null },
      { kind: 'robustness', runIds: sweeps, metric: null },
      { kind: 'findings', runIds: training.map((r) => r.id) },
    ];
    const spec: ReportSpec = { version: 1, id: 'bench', title: 'Bench report', authors: 'bench', date: '', updatedAtMs: 0, sections };
    await host.handlers['report:save'](spec, { mode: 'cli' });
    const print = chromiumReportPrinter(server.url, chromiumPath);
    let bytes = 0;
    const reportMs = await medianMs(reps, async () => {
      bytes = (await print.pdf('bench')).length;
    });

    const { chromium } = await import('playwright-core');
    const html = `<html><body>${Array.from({ length: PAGES }, (_, i) => `<section style="break-before:page"><h2>Page ${i + 1}</h2>${'<p>Plain text of the same engine and page size. </p>'.repeat(40)}</section>`).join('')}</body></html>`;
    const baselineMs = await medianMs(reps, async () => {
      const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
      try {
        const page = await browser.newPage();
        await page.setContent(html);
        await page.pdf({ format: 'A4', printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: FOOTER_TEMPLATE });
      } finally {
        await browser.close();
      }
    });
    return {
      name: 'report-pdf',
      value: Math.round(reportMs),
      unit: 'ms per PDF',
      baseline: Math.round(baselineMs),
      ratio: Number((reportMs / baselineMs).toFixed(2)),
      // Issue 11: a 10-page PDF in under 5 s.
      ...valueBelow(reportMs, 5000),
      detail: { charts: CHARTS, sections: sections.length, pdfBytes: bytes },
    };
  } finally {
    await server.close();
    await host.close();
  }
}
