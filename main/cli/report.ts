import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TENSORBOARD_DEFAULT } from '../../shared/analysis/smoothing';
import type { ReportSpec } from '../../shared/domain/report';
import { ReportSpec as ReportSpecSchema } from '../../shared/domain/report';
import { STEP_X } from '../../shared/domain/series';
import type { Importer } from '../../shared/importers/importer';
import { newReport } from '../../shared/report/compose';
import { localDate } from '../../shared/util/local-date';
import { appRoot } from '../platform/app-version';
import { chromiumReportPrinter } from '../report/print-chromium';
import { startServer } from '../serve/server';
import { cliCall, UsageError, withImportedHost } from './cli-host';

export interface ReportRequest {
  readonly dirs: readonly string[];
  /** A report spec saved by the app (its run ids are stable for the same folders); absent = the default report. */
  readonly specFile: string | null;
  readonly out: string;
  readonly title: string | null;
}

async function readSpec(file: string): Promise<ReportSpec> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--spec ${file}: ${(err as Error).message}`);
  }
  const parsed = ReportSpecSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`--spec ${file} is not a RunLens report spec: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim());
  return parsed.data;
}

/**
 * `runlens report`: imports the folders into a throw-away workspace, serves the built renderer on 127.0.0.1, and
 * prints the report page with headless Chromium, exactly as the app's Export PDF does. Without a spec, the report
 * the app's "New report from the selection" makes with every run selected.
 */
export async function renderReport(req: ReportRequest, opts: { importers?: readonly Importer[] } = {}): Promise<{ out: string; bytes: number; sections: string[] }> {
  const spec0 = req.specFile ? await readSpec(req.specFile) : null;
  return withImportedHost(req.dirs, opts, async (host) => {
    const runs = await cliCall(host, 'library:list-runs', {});
    if (runs.length === 0) throw new UsageError(`no runs found in ${req.dirs.join(', ')}`);
    const now = Date.now();
    const base =
      spec0 ?? newReport('cli-report', { selectedRuns: runs, pinnedMetrics: [], smoothing: TENSORBOARD_DEFAULT, x: STEP_X, compareBaseline: null, sweepMetric: null }, localDate(now / 1000), now);
    const spec: ReportSpec = { ...base, ...(req.title ? { title: req.title } : spec0 ? {} : { title: `Report: ${req.dirs.map((d) => path.basename(path.resolve(d))).join(', ')}` }) };
    await cliCall(host, 'report:save', spec);
    const server = await startServer({ host, rendererDir: path.join(appRoot(), 'dist', 'renderer') });
    try {
      host.setReportPrinter(chromiumReportPrinter(server.url));
      // `--out x.html`: the standalone HTML copy instead of the PDF.
      const bytes = req.out.toLowerCase().endsWith('.html')
        ? Buffer.from((await cliCall(host, 'report:export-html', { id: spec.id })).html, 'utf8')
        : Buffer.from((await cliCall(host, 'report:export-pdf', { id: spec.id })).pdfBase64, 'base64');
      await writeFile(req.out, bytes);
      return { out: req.out, bytes: bytes.length, sections: spec.sections.map((s) => s.kind) };
    } finally {
      await server.close();
    }
  });
}
