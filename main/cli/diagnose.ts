import { mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CATEGORY_LABELS, whereOf } from '../../shared/analysis/diagnosis/findings';
import type { DiagnosisEvent, RunDiagnosis } from '../../shared/domain/diagnosis';
import type { Importer } from '../../shared/importers/importer';
import { cliCall, shownPath, withImportedHost } from './cli-host';

/** One line of `runlens diagnose --json`: issue 9 §6's fixed shape (plus the run it came from). */
export interface DiagnoseCliFinding {
  readonly run: string;
  readonly file: string;
  readonly line: number;
  readonly category: DiagnosisEvent['category'];
  readonly rule: string;
  readonly severity: DiagnosisEvent['severity'];
  readonly step: number | null;
  readonly rank: number | null;
  readonly node: string | null;
  readonly time: string | null;
  readonly message: string;
  readonly root: boolean;
}

export interface DiagnoseCliOutput {
  readonly findings: DiagnoseCliFinding[];
  readonly runs: { readonly run: string; readonly diagnosis: RunDiagnosis }[];
}

/**
 * A single log file is diagnosed through a throw-away folder holding a link to it (the library imports folders); the
 * link keeps the file's name, so paths in the output read as the user gave them.
 */
async function asFolder<T>(target: string, fn: (dir: string) => Promise<T>): Promise<T> {
  if ((await stat(target)).isDirectory()) return fn(target);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'runlens-diagnose-'));
  try {
    await symlink(path.resolve(target), path.join(dir, path.basename(target)));
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The app's diagnosis of every run in a folder (or of one log file), by the same host and handler. */
export async function diagnoseTarget(target: string, opts: { importers?: readonly Importer[] } = {}): Promise<DiagnoseCliOutput> {
  return asFolder(target, (dir) =>
    withImportedHost([dir], opts, async (host) => {
      const runs = await cliCall(host, 'library:list-runs', {});
      const diagnoses = runs.length === 0 ? [] : await cliCall(host, 'diagnosis:runs', { runIds: runs.map((r) => r.id) });
      const name = new Map(runs.map((r) => [r.id, shownPath(r.path)]));
      const out = diagnoses.filter((d) => d.linesRead > 0).map((d) => ({ run: name.get(d.runId) ?? d.runId, diagnosis: d }));
      const findings = out.flatMap(({ run, diagnosis }) =>
        diagnosis.events.map((e) => ({ run, file: e.file, line: e.line, category: e.category, rule: e.rule, severity: e.severity, step: e.step, rank: e.rank, node: e.node, time: e.time, message: e.message, root: e.root })),
      );
      return { findings, runs: out };
    }),
  );
}

/** The text form: per run, the root cause with where it happened, then the counts. */
export function formatDiagnose(out: DiagnoseCliOutput): string {
  if (out.runs.length === 0) return 'No logs found to diagnose.';
  const lines: string[] = [];
  for (const { run, diagnosis: d } of out.runs) {
    const root = d.events.find((e) => e.root);
    lines.push(`${run}: ${d.linesRead} log lines`);
    if (!root) lines.push('  no failure found');
    else {
      const where = whereOf(root);
      lines.push(`  root cause: ${CATEGORY_LABELS[root.category]} (${root.rule}) at ${root.file}:${root.line}${where ? ` [${where}]` : ''}`);
      lines.push(`    ${root.message}`);
      lines.push(`    fix: ${root.fix}`);
      const cascade = d.events.filter((e) => e.causeId === root.id).length;
      if (cascade > 0) lines.push(`  ${cascade} cascade event${cascade === 1 ? '' : 's'} followed from it`);
    }
    const others = d.events.filter((e) => !e.root && e.causeId === null);
    for (const e of others) lines.push(`  ${e.severity} ${CATEGORY_LABELS[e.category]} (${e.rule}) at ${e.file}:${e.line}: ${e.message}`);
    const g = d.goodput;
    if (g && g.restarts > 0) lines.push(`  ${g.restarts} restart(s), ${g.recomputedSteps} steps recomputed${g.ettr === null ? '' : `, ETTR ${(g.ettr * 100).toFixed(1)} %`}`);
  }
  return lines.join('\n');
}
