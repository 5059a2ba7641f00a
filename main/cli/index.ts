import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import { createHost } from '../host';
import { importers } from '../importers/registry';
import { appRoot, APP_VERSION } from '../platform/app-version';
import { openUrl } from '../platform/open-url';
import { defaultWorkspaceDir } from '../platform/workspace-dir';
import { startServer } from '../serve/server';
import { compareTableCsv, compareTableLatex } from '../../shared/export/compare-table';
import { chromiumReportPrinter } from '../report/print-chromium';
import { compareFolders, formatCompare } from './compare';
import { renderReport } from './report';
import { formatExport, exportSeries, UsageError } from './export';
import { formatInspect, inspectFolder } from './inspect';
import { auditDirs, formatAudit } from './audit';
import { diagnoseTarget, formatDiagnose } from './diagnose';

const USAGE = `runlens ${APP_VERSION}: open ML run folders, see loss curves, compare and diagnose runs.

Usage:
  runlens inspect <dir> [--json]          what RunLens finds in a folder (runs, formats, metric point counts, warnings)
  runlens export <dir> --run <path> --metric <name> [--smoothing W] [--buckets N] [--json]
                                          one metric of one run, exactly as the app draws it (same import, same
                                          series query, same smoothing). <path> is the run folder as \`inspect\` lists
                                          it ('.' for <dir> itself). --smoothing is the TensorBoard EMA weight, 0..0.999
                                          (default 0.6, the app's; 0 = none). Without --buckets every point is printed;
                                          with it, per-bucket envelopes as the chart draws them.
                                          --json prints {"run","metric","smoothing","steps":[…],"values":[…],
                                          "smoothed":[…],"nonFinite":[…]}, with --buckets {"run","metric","smoothing",
                                          "mode","x":[…],"first":[…],"min":[…],"max":[…],"last":[…],"smoothed":[…],
                                          "nonFinite":[…]}. JSON has no NaN or Infinity: such a value is null in the
                                          arrays and listed in "nonFinite" as {"index","step","kind"} with kind
                                          "nan" | "inf" | "-inf" (index into steps, or into x: the bucket holding it).
                                          Unknown run or metric: exit 2 with the closest names.
  runlens compare <dirs…> --baseline <path> [--json | --csv | --latex] [--no-paired]
                                          eval deltas of every evaluated model in the folders vs the baseline, with
                                          95 % intervals, exactly as the app's comparison table computes them. <path>
                                          is the baseline's run folder as \`inspect\` lists it (with several folders and
                                          a path found in more than one, prefix the folder: <dir>/<path>).
                                          --json prints {"rows":[{"task","metric","filter","run","baseline","value",
                                          "baselineValue","delta","low","high","n","method"}],"plane":[…],"notes":[…]};
                                          method is "stderr" (Δ ± 1.96·√(se₁²+se₂²)), "paired-bootstrap" or "mcnemar"
                                          (documents paired by doc_id from samples_*.jsonl; fixed seed).
                                          --csv / --latex print the table for a spreadsheet or a paper.
  runlens report <dirs…> --out <file.pdf|file.html> [--spec report.json] [--title T]
                                          the report as a vector PDF (or, for .html, one standalone HTML file),
                                          rendered by the app's own report page in a headless Chromium (as the app's
                                          Export PDF). --spec: a report saved by the app
                                          (workspace reports/<id>.json); without it, runs, curves, findings,
                                          comparisons and robustness of every run found.
  runlens diagnose <dir-or-file> [--json]  what went wrong, from the runs' logs: each failure's category (gpu-hardware,
                                          oom, network, node-failure, checkpoint-io, numerics, data, code, config),
                                          rule, where (node, rank, step, time) and whether it is the root cause or
                                          the cascade it caused. --json prints {"findings":[{"run","file","line",
                                          "category","rule","severity","step","rank","node","time","message",
                                          "root"}]} (file relative to <dir>; a single file is diagnosed on its own).
  runlens audit <dirs…> [--json] [--cap 0.3]
                                          data and behaviour audit of every run found: synthetic share per domain of
                                          data-mixture files against the cap, identity drift across checkpoints,
                                          template (paraphrase) gaps, hallucination/bias/negative-constraint panels
                                          against the run named base (else the first). --json prints {"findings":[
                                          {"kind","run","severity","value","threshold","evidence",…}]}.
  runlens serve [--port N] [--no-open] [--workspace DIR] [folders…]
                                          start the local web app on 127.0.0.1 and add the folders to the library
  runlens --version | --help`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 1 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${APP_VERSION}\n`);
    return 0;
  }
  if (command === 'inspect') return inspect(rest);
  if (command === 'serve') return serve(rest);
  if (command === 'export') return exportCommand(rest);
  if (command === 'compare') return compareCommand(rest);
  if (command === 'report') return reportCommand(rest);
  if (command === 'diagnose') return diagnoseCommand(rest);
  if (command === 'audit') return auditCommand(rest);
  process.stderr.write(`runlens: unknown command '${command}'\n\n${USAGE}\n`);
  return 2;
}

async function inspect(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  const dir = positionals[0];
  if (dir === undefined || positionals.length > 1) {
    process.stderr.write('runlens inspect: give exactly one folder, e.g. `runlens inspect ./runs --json`\n');
    return 2;
  }
  try {
    const report = await inspectFolder(dir, importers);
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatInspect(report)}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`runlens inspect: ${(err as Error).message}\n`);
    return 1;
  }
}

/**
 * Runs a command's body: what it returns goes to stdout (exit 0); a UsageError (bad arguments, unknown run) to stderr
 * with exit 2; any other failure to stderr with exit 1.
 */
async function runCommand(name: string, body: () => Promise<string>): Promise<number> {
  try {
    process.stdout.write(`${await body()}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`runlens ${name}: ${(err as Error).message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}

/** parseArgs, with its complaints (an unknown option) reported as usage errors. */
function parseOrUsage<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function exportCommand(args: readonly string[]): Promise<number> {
  return runCommand('export', async () => {
    const { values, positionals } = parseOrUsage({
      args: [...args],
      options: {
        run: { type: 'string' },
        metric: { type: 'string' },
        smoothing: { type: 'string', default: '0.6' },
        buckets: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    });
    const dir = positionals[0];
    if (dir === undefined || positionals.length > 1) throw new UsageError('give exactly one folder, e.g. `runlens export ./runs --run sft --metric train/loss --json`');
    if (values.run === undefined || values.metric === undefined) throw new UsageError('--run <path> and --metric <name> are required (list them with `runlens inspect <dir>`)');
    const weight = Number(values.smoothing);
    if (values.smoothing.trim() === '' || !Number.isFinite(weight) || weight < 0 || weight > 0.999) throw new UsageError(`--smoothing must be an EMA weight in 0..0.999 (got ${values.smoothing})`);
    const buckets = values.buckets === undefined ? null : Number(values.buckets);
    if (buckets !== null && (!Number.isInteger(buckets) || buckets < 1 || buckets > 20_000)) throw new UsageError(`--buckets must be an integer in 1..20000 (got ${values.buckets})`);
    const result = await exportSeries({ dir, run: values.run, metric: values.metric, smoothing: weight, buckets });
    return values.json ? JSON.stringify(result) : formatExport(result);
  });
}

function compareCommand(args: readonly string[]): Promise<number> {
  return runCommand('compare', async () => {
    const { values, positionals } = parseOrUsage({
      args: [...args],
      options: {
        baseline: { type: 'string' },
        json: { type: 'boolean', default: false },
        csv: { type: 'boolean', default: false },
        latex: { type: 'boolean', default: false },
        'no-paired': { type: 'boolean', default: false },
      },
      allowPositionals: true,
    });
    if (positionals.length === 0) throw new UsageError('give one or more folders, e.g. `runlens compare ./evals --baseline llama-3-8b-base --json`');
    if (values.baseline === undefined) throw new UsageError('--baseline <path> is required (list the runs with `runlens inspect <dir>`)');
    if ([values.json, values.csv, values.latex].filter(Boolean).length > 1) throw new UsageError('choose one of --json, --csv, --latex');
    const out = await compareFolders({ dirs: positionals, baseline: values.baseline, paired: !values['no-paired'] });
    if (values.json) return JSON.stringify({ rows: out.rows, plane: out.plane, notes: out.notes });
    if (values.csv) return compareTableCsv(out.result).trimEnd();
    if (values.latex) return compareTableLatex(out.result).trimEnd();
    return formatCompare(out);
  });
}

function reportCommand(args: readonly string[]): Promise<number> {
  return runCommand('report', async () => {
    const { values, positionals } = parseOrUsage({
      args: [...args],
      options: { out: { type: 'string' }, spec: { type: 'string' }, title: { type: 'string' } },
      allowPositionals: true,
    });
    if (positionals.length === 0) throw new UsageError('give one or more folders, e.g. `runlens report ./runs --out report.pdf`');
    if (values.out === undefined) throw new UsageError('--out <file.pdf> is required');
    const r = await renderReport({ dirs: positionals, out: values.out, specFile: values.spec ?? null, title: values.title ?? null });
    return `Wrote ${r.out} (${Math.round(r.bytes / 1024)} KB; sections: ${r.sections.join(', ')})`;
  });
}

function diagnoseCommand(args: readonly string[]): Promise<number> {
  return runCommand('diagnose', async () => {
    const { values, positionals } = parseOrUsage({ args: [...args], options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
    const target = positionals[0];
    if (target === undefined || positionals.length > 1) throw new UsageError('give exactly one folder or log file, e.g. `runlens diagnose ./logs --json`');
    const out = await diagnoseTarget(target);
    return values.json ? JSON.stringify({ findings: out.findings }) : formatDiagnose(out);
  });
}

function auditCommand(args: readonly string[]): Promise<number> {
  return runCommand('audit', async () => {
    const { values, positionals } = parseOrUsage({ args: [...args], options: { json: { type: 'boolean', default: false }, cap: { type: 'string' } }, allowPositionals: true });
    if (positionals.length === 0) throw new UsageError('give one or more folders, e.g. `runlens audit ./runs --json`');
    const cap = values.cap === undefined ? undefined : Number(values.cap);
    if (cap !== undefined && !(cap >= 0 && cap <= 1)) throw new UsageError(`--cap is a share between 0 and 1, not ${JSON.stringify(values.cap)}`);
    const out = await auditDirs(positionals, cap === undefined ? {} : { cap });
    return values.json ? JSON.stringify({ findings: out.findings }) : formatAudit(out);
  });
}

async function serve(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string', default: '0' },
      'no-open': { type: 'boolean', default: false },
      workspace: { type: 'string' },
    },
    allowPositionals: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`runlens serve: --port must be 0..65535 (got ${values.port})\n`);
    return 2;
  }
  const workspaceDir = values.workspace ? path.resolve(values.workspace) : defaultWorkspaceDir();
  const host = await createHost({ workspaceDir, mode: 'web', watch: true });
  const server = await startServer({
    host,
    rendererDir: path.join(appRoot(), 'dist', 'renderer'),
    port,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  // Reports print from the served app itself, in a headless Chromium (page.pdf).
  host.setReportPrinter(chromiumReportPrinter(server.url));
  process.stdout.write(`RunLens is running at ${server.url}\n`);
  process.stdout.write(`Workspace: ${workspaceDir}\nPress Ctrl+C to stop.\n`);
  const stop = async () => {
    await server.close();
    await host.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  if (!values['no-open']) {
    const opened = await openUrl(server.url);
    if (!opened) process.stdout.write('No browser could be opened here: open the address above in one.\n');
  }
  // Imports run in the background; the page shows their progress.
  for (const folder of positionals) {
    host.addFolders([folder]).catch((err: unknown) => process.stderr.write(`runlens serve: could not add ${folder}: ${(err as Error).message}\n`));
  }
  return new Promise<number>(() => undefined);
}
