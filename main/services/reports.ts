import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CsvValue } from '../../shared/export/csv';
import { csvDocument } from '../../shared/export/csv';
import type { DataExport, HtmlExport, PdfExport, ReportProvenance, ReportSpec, ReportSummary } from '../../shared/domain/report';
import { ReportSpec as ReportSpecSchema } from '../../shared/domain/report';
import { AppError } from '../../shared/ipc/result';
import type { Engine } from '../db/engine';
import { Q } from '../db/queries';
import { previousVersionPath, writeFileAtomic } from '../platform/atomic-write';
import { readUserFile } from '../platform/user-file';
import { safeFileName } from '../../shared/util/file-name';
import type { LibraryService } from './library';

/**
 * Renders a saved report from its print page: to PDF bytes (Chromium's page.pdf in serve mode and the CLI, Electron's
 * printToPDF) or to a standalone HTML copy.
 */
export interface ReportPrinter {
  pdf(reportId: string): Promise<Uint8Array>;
  html(reportId: string): Promise<string>;
}

/** The PDF's file name: the report's title, made safe for every file system. */
export const pdfFileName = (title: string): string => safeFileName(title, 'pdf', 'report');

/**
 * Report specs (issue 7): JSON files in `<workspace>/reports/`, user data written atomically (each save keeps the
 * version it replaces as `<id>.json.bak`, the reader's fallback for a damaged file). Printing is delegated to the
 * adapter's printer, which renders the same report page the app shows.
 */
export class ReportsService {
  private printer: ReportPrinter | null = null;
  private readonly dir: string;
  /** Saves and deletes run one after another, so an older save never lands after a newer one. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    workspaceDir: string,
    private readonly engine: Engine,
    private readonly library: LibraryService,
    private readonly appVersion: string,
    private readonly now: () => number = Date.now,
  ) {
    this.dir = path.join(workspaceDir, 'reports');
  }

  setPrinter(printer: ReportPrinter | null): void {
    this.printer = printer;
  }

  private file(id: string): string {
    // The schema limits ids to [A-Za-z0-9_-]: no path can be built from one.
    return path.join(this.dir, `${ReportSpecSchema.shape.id.parse(id)}.json`);
  }

  async list(): Promise<ReportSummary[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const out: ReportSummary[] = [];
    for (const n of names.filter((x) => /^[A-Za-z0-9_-]{1,64}\.json$/.test(x))) {
      const { value } = await readUserFile(path.join(this.dir, n), ReportSpecSchema, 'it is not listed', this.now());
      if (value) out.push({ id: value.id, title: value.title, updatedAtMs: value.updatedAtMs, sections: value.sections.length });
    }
    return out.sort((a, b) => b.updatedAtMs - a.updatedAtMs);
  }

  async get(id: string): Promise<ReportSpec> {
    const { value, problem } = await readUserFile(this.file(id), ReportSpecSchema, 'it cannot be opened', this.now());
    if (value) return value;
    throw new AppError('not-found', problem ?? 'No such report.');
  }

  save(spec: ReportSpec): Promise<ReportSpec> {
    return this.serial(async () => {
      const saved: ReportSpec = { ...spec, updatedAtMs: this.now() };
      await writeFileAtomic(this.file(spec.id), `${JSON.stringify(saved, null, 2)}\n`, { keepPrevious: true });
      return saved;
    });
  }

  delete(id: string): Promise<void> {
    return this.serial(async () => {
      const file = this.file(id);
      await rm(file, { force: true });
      // A deleted report leaves nothing behind, its backup included.
      await rm(previousVersionPath(file), { force: true });
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writes.then(fn);
    this.writes = run.catch(() => undefined);
    return run;
  }

  async exportPdf(id: string): Promise<PdfExport> {
    const spec = await this.get(id);
    if (!this.printer) throw new AppError('unsupported', 'PDF export is not available in this mode.');
    const bytes = await this.printer.pdf(id);
    return { fileName: pdfFileName(spec.title), pdfBase64: Buffer.from(bytes).toString('base64'), bytes: bytes.length };
  }

  async exportHtml(id: string): Promise<HtmlExport> {
    const spec = await this.get(id);
    if (!this.printer) throw new AppError('unsupported', 'HTML export is not available in this mode.');
    return { fileName: safeFileName(spec.title, 'html', 'report'), html: await this.printer.html(id) };
  }

  /**
   * The numbers behind a report (issue 7 §4): every stored point of its curves sections' runs and metrics, and every
   * eval number of its comparison sections' runs, as one long table in CSV (formula-guarded) or Parquet.
   */
  async exportData(id: string, format: 'csv' | 'parquet'): Promise<DataExport> {
    const spec = await this.get(id);
    const curveRuns = new Set<string>();
    const metrics = new Set<string>();
    const evalRuns = new Set<string>();
    for (const s of spec.sections) {
      if (s.kind === 'curves') {
        s.runIds.forEach((r) => curveRuns.add(r));
        s.metrics.forEach((m) => metrics.add(m));
      } else if (s.kind === 'comparison' || s.kind === 'plane') s.runIds.forEach((r) => evalRuns.add(r));
    }
    const params = [[...curveRuns], [...metrics], [...evalRuns]] as const;
    if (format === 'parquet') {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'runlens-export-'));
      try {
        const file = path.join(dir, 'data.parquet');
        await this.engine.copyToParquet(Q.reportData, params, file);
        const bytes = await readFile(file);
        return { fileName: safeFileName(`${spec.title} data`, 'parquet', 'report'), base64: bytes.toString('base64'), rows: null };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    const c = await this.engine.columns(Q.reportData, params);
    const records: CsvValue[][] = [['kind', 'run', 'run_path', 'metric', 'filter', 'seq', 'step', 'value', 'stderr']];
    for (let i = 0; i < c.kind.length; i++) {
      records.push([c.kind[i] ?? '', c.run[i] ?? '', c.run_path[i] ?? '', c.metric[i] ?? '', c.filter[i] ?? null, c.seq[i] ?? null, c.step[i] ?? null, c.value[i] ?? null, c.stderr[i] ?? null]);
    }
    return { fileName: safeFileName(`${spec.title} data`, 'csv', 'report'), base64: Buffer.from(csvDocument(records), 'utf8').toString('base64'), rows: records.length - 1 };
  }

  /** Where each run's numbers came from, for the report's appendix. */
  async provenance(runIds: readonly string[]): Promise<ReportProvenance> {
    const ids = [...new Set(runIds)];
    const [runs, sources, versions] = await Promise.all([this.library.listRuns(), this.library.listSources(), ids.length > 0 ? this.engine.all(Q.runVersions, [ids]) : Promise.resolve([])]);
    const byId = new Map(runs.map((r) => [r.id, r]));
    const sourcePath = new Map(sources.map((s) => [s.id, s.path]));
    return {
      appVersion: this.appVersion,
      generatedAtMs: this.now(),
      runs: versions.flatMap((v) => {
        const r = byId.get(v.id);
        return r ? [{ runId: r.id, name: r.name, sourcePath: sourcePath.get(r.sourceId) ?? '', runPath: r.path === '' ? '.' : r.path, format: r.format, importerVersion: r.importerVersion, fingerprint: v.fingerprint }] : [];
      }),
    };
  }
}
