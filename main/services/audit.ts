import { stat } from 'node:fs/promises';
import path from 'node:path';
import { behaviourFindings, behaviourRows } from '../../shared/analysis/audit/behaviour';
import { identityDrift } from '../../shared/analysis/audit/identity';
import type { AuditRun, EvalRowIn, SampleIn } from '../../shared/analysis/audit/inputs';
import { pickBase } from '../../shared/analysis/audit/inputs';
import { auditMixture } from '../../shared/analysis/audit/mixture';
import { ownNames, stepOf } from '../../shared/analysis/audit/run-facts';
import { templateGaps } from '../../shared/analysis/audit/template-gap';
import type { AuditFinding, AuditReq, AuditResult, MixtureAudit } from '../../shared/domain/audit';
import { DEFAULT_SYNTHETIC_CAP } from '../../shared/domain/audit';
import type { SampleExtra } from '../../shared/importers/records';
import type { Engine } from '../db/engine';
import { Q } from '../db/queries';
import { findMixtures } from './audit/mixture-files';

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

/** Config keys that name the evaluated model (lm-eval `model_args`, `model_name`, HF `_name_or_path`). */
const MODEL_KEY = /model|pretrained|name_or_path/i;

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/**
 * The data and behaviour audit of runs (issue 10): mixture files found beside or above each run on disk, and the
 * runs' evals and logged samples from the store, through the pure analyses in shared/analysis/audit.
 */
export class AuditService {
  constructor(private readonly engine: Engine) {}

  async forRuns(req: AuditReq): Promise<AuditResult> {
    const ids = [...new Set(req.runIds)];
    const [runs, configs, evalRows, sampleRows] = await Promise.all([
      this.engine.all(Q.auditRuns, [ids]),
      this.engine.all(Q.listConfigs, [ids]),
      this.engine.all(Q.listEvals, [ids]),
      this.engine.all(Q.auditSamples, [ids]),
    ]);
    // In the order asked (the first run is the reference unless one is named base).
    const order = new Map(ids.map((id, i) => [id, i]));
    runs.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    const configsOf = (runId: string) => configs.filter((c) => c.run_id === runId).map((c) => ({ key: c.key, value: parseJson<unknown>(c.value_json, c.value_json) }));
    const modelText = (runId: string, name: string) =>
      [name, ...configsOf(runId).filter((c) => MODEL_KEY.test(c.key)).map((c) => (typeof c.value === 'string' ? c.value : JSON.stringify(c.value)))].join(' ');

    const auditRuns: AuditRun[] = runs.map((r) => ({ runId: r.id, name: r.name, step: stepOf(r.name) ?? stepOf(modelText(r.id, '')) }));
    const evals: EvalRowIn[] = evalRows.map((e) => ({ runId: e.run_id, task: e.task, metric: e.metric, filter: e.filter, value: e.value, stderr: e.stderr ?? null, nSamples: e.n_samples ?? null }));
    const samples: SampleIn[] = sampleRows.map((s) => ({
      runId: s.run_id, task: s.task, docId: s.doc_id ?? null, target: s.target, response: s.response, category: s.category,
      metrics: parseJson<Record<string, number>>(s.metrics_json, {}), extras: parseJson<Record<string, SampleExtra> | null>(s.extras_json, null),
    }));

    const findings: AuditFinding[] = [];
    const mixtures: MixtureAudit[] = [];
    // A mixture file above several runs (the sweep's shared data_mixture.json) is audited once, under the first run.
    const seen = new Set<string>();
    for (const r of runs) {
      const full = path.join(r.source_path, r.path);
      const runDir = (await stat(full).catch(() => null))?.isFile() ? path.dirname(full) : full;
      for (const input of await findMixtures(r.source_path, runDir, configsOf(r.id))) {
        const key = `${r.source_path}\u0000${input.file}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const { audit, findings: f } = auditMixture(r.id, input, { cap: req.cap ?? DEFAULT_SYNTHETIC_CAP, caps: req.caps ?? {} });
        mixtures.push(audit);
        findings.push(...f);
      }
    }

    const base = pickBase(auditRuns);
    const behaviour = behaviourRows(evals, samples);
    if (base) findings.push(...behaviourFindings(behaviour, auditRuns, base.runId, samples));
    const allow = [...new Set(auditRuns.flatMap((r) => ownNames(modelText(r.runId, r.name))))];
    const identity = identityDrift(samples, auditRuns, { allow });
    findings.push(...identity.findings);
    const templates = templateGaps(samples, auditRuns);
    findings.push(...templates.findings);

    findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (order.get(a.runId) ?? 0) - (order.get(b.runId) ?? 0));
    return { findings, mixtures, identity: identity.drift, templates: templates.gaps, behaviour };
  }
}
