import type { AuditFinding, AuditResult } from '../../shared/domain/audit';
import { DEFAULT_SYNTHETIC_CAP } from '../../shared/domain/audit';
import type { Importer } from '../../shared/importers/importer';
import { cliCall, shownPath, withImportedHost } from './cli-host';

/** One line of `runlens audit --json`: issue 10 §6's shape, plus the subject, title and fix the app shows. */
export interface AuditCliFinding {
  readonly kind: AuditFinding['kind'];
  readonly run: string;
  readonly severity: AuditFinding['severity'];
  readonly value: number;
  readonly threshold: number;
  readonly evidence: string;
  readonly subject: string;
  readonly title: string;
  readonly ci: [number, number] | null;
  readonly fix: string;
}

export interface AuditCliOutput {
  readonly findings: AuditCliFinding[];
  readonly result: AuditResult | null;
}

/** The app's audit of every run in the folders (in the order found; a run named base is the reference). */
export async function auditDirs(dirs: readonly string[], opts: { cap?: number; importers?: readonly Importer[] } = {}): Promise<AuditCliOutput> {
  return withImportedHost(dirs, opts, async (host) => {
    const runs = await cliCall(host, 'library:list-runs', {});
    if (runs.length === 0) return { findings: [], result: null };
    const result = await cliCall(host, 'audit:runs', { runIds: runs.slice(0, 200).map((r) => r.id), cap: opts.cap ?? DEFAULT_SYNTHETIC_CAP });
    const name = new Map(runs.map((r) => [r.id, shownPath(r.path)]));
    const findings = result.findings.map((f) => ({
      kind: f.kind, run: name.get(f.runId) ?? f.runId, severity: f.severity, value: f.value, threshold: f.threshold, evidence: f.evidence,
      subject: f.subject, title: f.title, ci: f.ci, fix: f.fix,
    }));
    return { findings, result };
  });
}

/** The text form: findings worst first, then what was looked at. */
export function formatAudit(out: AuditCliOutput): string {
  const r = out.result;
  if (r === null) return 'No runs found to audit.';
  const lines: string[] = [];
  if (out.findings.length === 0) lines.push('No audit finding: nothing crossed its threshold.');
  for (const f of out.findings) {
    lines.push(`${f.severity} ${f.kind} ${f.run}: ${f.title}`);
    lines.push(`    ${f.evidence}`);
    lines.push(`    fix: ${f.fix}`);
  }
  lines.push(
    `Looked at: ${r.mixtures.length} mixture description(s), ${r.identity?.points.length ?? 0} checkpoint(s) with generations, ${r.templates.length} template-variant task(s), ${r.behaviour.length} behavioural number(s).`,
  );
  return lines.join('\n');
}
