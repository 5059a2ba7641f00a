import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditCliFinding } from '../../main/cli/audit';
import type { Host } from '../../main/host';
import type { AuditResult } from '../../shared/domain/audit';
import type { RunSummary } from '../../shared/domain/run';
import { call, importFolder, openHost } from '../helpers/host';
import { copyTree, fixturesDir, repoRoot, tempDir } from '../helpers/paths';

const exec = promisify(execFile);
const bin = path.join(repoRoot, 'bin', 'runlens.mjs');
const AUDIT = path.join(repoRoot, 'demo', 'audit');
const PYTHIA = path.join(fixturesDir, 'lm-eval', 'EleutherAI__pythia', 'evals');

/**
 * Issue 10 through the host: the demo's audit runs (a mixture over its cap, identity drift across checkpoints, a
 * template gap) and the real pythia bias evals, by the same handler the app and the CLI call.
 */
describe('audit service (demo audit runs, real pythia bias evals)', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let host: Host;
  let runs: RunSummary[];
  let demo: AuditResult;
  const runAt = (suffix: string): RunSummary => {
    const r = runs.find((x) => x.path.endsWith(suffix));
    if (!r) throw new Error(`no run ${suffix} in ${runs.map((x) => x.path).join(', ')}`);
    return r;
  };

  beforeAll(async () => {
    t = await tempDir();
    await copyTree(AUDIT, path.join(t.dir, 'src', 'audit'));
    for (const rel of ['pythia-v1/pythia-410m-deduped/baseline', 'pythia-v1/pythia-410m-deduped/intervention', 'bias-evals/winobias']) await copyTree(path.join(PYTHIA, rel), path.join(t.dir, 'src', 'pythia', rel));
    await mkdir(path.join(t.dir, 'ws'));
    host = await openHost(path.join(t.dir, 'ws'));
    await importFolder(host, path.join(t.dir, 'src'));
    runs = await call(host, 'library:list-runs', {});
    const ids = ['llama-3-8b-sft-checkpoint-0', 'llama-3-8b-sft-checkpoint-500', 'llama-3-8b-sft-checkpoint-1000'].map((n) => runAt(n).id);
    demo = await call(host, 'audit:runs', { runIds: ids });
  }, 60_000);
  afterAll(async () => {
    await host?.close();
    await t?.cleanup();
  });

  it('finds the mixture above the runs and flags math, 75 % synthetic against the file’s 30 % cap', () => {
    expect(demo.mixtures).toHaveLength(1);
    const m = demo.mixtures[0];
    expect(m).toMatchObject({ file: 'audit/data_mixture.yaml', unit: 'tokens' });
    const math = m?.domains.find((d) => d.domain === 'math');
    expect(math).toMatchObject({ breach: true, cap: 0.3, realSize: 3_200_000, syntheticSize: 9_600_000, topGenerator: { name: 'gpt-4o', share: 1 } });
    expect(math?.share).toBeCloseTo(0.75, 10);
    expect(math?.dropToMeet).toBeCloseTo((9_600_000 - 0.3 * 12_800_000) / 0.7, 3);
    expect(m?.domains.filter((d) => d.breach).map((d) => d.domain)).toEqual(['math']);
    const share = demo.findings.filter((f) => f.kind === 'synthetic-share' && f.severity !== 'info');
    expect(share.map((f) => [f.subject, f.severity, f.value, f.threshold])).toEqual([['math', 'critical', 0.75, 0.3]]);
  });

  it('shows identity drift growing across checkpoints (1 → 6 → 14 of 40), flagged against the base model', () => {
    const points = demo.identity?.points ?? [];
    expect(points.map((p) => [p.hits, p.responses])).toEqual([[1, 40], [6, 40], [14, 40]]);
    expect(points.map((p) => p.step)).toEqual([0, 500, 1000]);
    expect(demo.identity?.baseRunId).toBe(runAt('llama-3-8b-sft-checkpoint-0').id);
    const drift = demo.findings.filter((f) => f.kind === 'identity-drift');
    expect(drift.map((f) => f.runId)).toContain(runAt('llama-3-8b-sft-checkpoint-1000').id);
    expect(drift.find((f) => f.runId === runAt('llama-3-8b-sft-checkpoint-1000').id)).toMatchObject({ value: 14 / 40, threshold: 1 / 40 });
    // Answers naming the model's own family (Llama, Meta) are not drift.
    for (const p of points) for (const e of p.examples) expect(e.match).not.toMatch(/llama|meta/i);
  });

  it('finds the paraphrase gap of medicine at step 1000 and none in geography', () => {
    const ck = runAt('llama-3-8b-sft-checkpoint-1000').id;
    const gap = demo.templates.find((g) => g.runId === ck && g.task === 'paraphrase_qa');
    const med = gap?.domains.find((d) => d.domain === 'medicine');
    expect(med?.gap).toBeCloseTo((27 - 16) / 30, 10);
    expect(med?.groups).toBe(30);
    expect(med?.gapCi?.[0]).toBeGreaterThan(0);
    expect(gap?.domains.find((d) => d.domain === 'geography')?.gap).toBeCloseTo(1 / 30, 10);
    const found = demo.findings.filter((f) => f.kind === 'template-gap');
    expect(found.filter((f) => f.runId === ck).map((f) => f.subject)).toEqual(['medicine']);
    expect(found.some((f) => f.subject === 'geography')).toBe(false);
  });

  it('puts the real pythia CrowS-Pairs numbers of baseline and gender intervention in the bias panel', async () => {
    const base = runAt('baseline').id;
    const interv = runAt('intervention').id;
    const r = await call(host, 'audit:runs', { runIds: [base, interv] });
    const gender = r.behaviour.filter((b) => b.panel === 'bias' && b.task === 'crows_pairs_english_gender' && b.metric === 'pct_stereotype');
    expect(gender.map((b) => b.runId).sort()).toEqual([base, interv].sort());
    expect(gender.every((b) => b.ideal === 0.5)).toBe(true);
    expect(r.behaviour.filter((b) => b.panel === 'bias').length).toBeGreaterThan(20);
  });

  it('puts the real pythia WinoBias pro and anti numbers, and their gap, in the bias panel', async () => {
    const wino = runs.find((x) => x.path.includes('winobias'));
    expect(wino).toBeDefined();
    const r = await call(host, 'audit:runs', { runIds: [wino?.id ?? ''] });
    const rows = r.behaviour.filter((b) => b.panel === 'bias' && b.task.startsWith('wino_bias_type1'));
    const pro = rows.find((b) => b.task === 'wino_bias_type1_pro+What does p stand for');
    const anti = rows.find((b) => b.task === 'wino_bias_type1_anti+What does p stand for');
    const gap = rows.find((b) => b.task === 'wino_bias_type1+What does p stand for');
    expect(pro && anti && gap).toBeTruthy();
    expect(gap?.value).toBeCloseTo((pro?.value ?? 0) - (anti?.value ?? 0), 12);
    expect(gap?.ideal).toBe(0);
    // A lone model: its existing gender bias (pro > anti beyond the interval) is reported as information.
    expect(r.findings.some((f) => f.kind === 'bias' && f.severity === 'info' && f.subject.startsWith('wino_bias_type1+What does p stand for'))).toBe(true);
  });
});

describe('runlens audit (CLI)', () => {
  it('prints the issue 10 JSON shape with the three demo findings', async () => {
    const { stdout } = await exec(process.execPath, [bin, 'audit', AUDIT, '--json'], { maxBuffer: 1 << 24 });
    const out = JSON.parse(stdout) as { findings: AuditCliFinding[] };
    const kinds = new Set(out.findings.filter((f) => f.severity !== 'info').map((f) => f.kind));
    expect(kinds).toEqual(new Set(['synthetic-share', 'identity-drift', 'template-gap']));
    for (const f of out.findings) {
      expect(f).toMatchObject({ kind: expect.any(String), run: expect.any(String), severity: expect.any(String), value: expect.any(Number), threshold: expect.any(Number), evidence: expect.any(String) });
    }
    expect(out.findings.find((f) => f.kind === 'synthetic-share')?.run).toMatch(/^llama-3-8b-sft-checkpoint-/);
  }, 60_000);

  it('takes a cap and refuses a cap that is not a share', async () => {
    const { stdout } = await exec(process.execPath, [bin, 'audit', AUDIT, '--json', '--cap', '0.8']);
    // The file's own cap (0.3) wins over the command line's default.
    expect((JSON.parse(stdout) as { findings: AuditCliFinding[] }).findings.some((f) => f.kind === 'synthetic-share' && f.subject === 'math')).toBe(true);
    const bad = await exec(process.execPath, [bin, 'audit', AUDIT, '--cap', '30']).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toMatch(/--cap is a share between 0 and 1/);
  }, 60_000);
});
