import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnoseCliFinding } from '../../main/cli/diagnose';
import type { Host } from '../../main/host';
import { dispatch } from '../../main/ipc/dispatch';
import type { RunSummary } from '../../shared/domain/run';
import { call, importFolder, openHost } from '../helpers/host';
import { copyTree, fixturesDir, repoRoot, tempDir } from '../helpers/paths';

const exec = promisify(execFile);
const bin = path.join(repoRoot, 'bin', 'runlens.mjs');
const DEMO = path.join(repoRoot, 'demo');

/**
 * Issue 9 through the host: the demo's crashed-and-resumed Megatron log diagnosed by the same handlers the app and
 * CLI use (root cause, cascade, goodput, failure marks among the findings, the log opened at a line).
 */
describe('diagnosis service and channels', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let host: Host;
  let runs: RunSummary[];
  const runAt = (suffix: string): RunSummary => {
    const r = runs.find((x) => x.path.endsWith(suffix));
    if (!r) throw new Error(`no run ${suffix} in ${runs.map((x) => x.path).join(', ')}`);
    return r;
  };

  beforeAll(async () => {
    t = await tempDir();
    await copyTree(path.join(DEMO, 'megatron-crash-resume'), path.join(t.dir, 'src', 'megatron-crash-resume'));
    await copyTree(path.join(DEMO, 'resumed-pretrain'), path.join(t.dir, 'src', 'resumed-pretrain'));
    await mkdir(path.join(t.dir, 'ws'));
    host = await openHost(path.join(t.dir, 'ws'));
    await importFolder(host, path.join(t.dir, 'src'));
    runs = await call(host, 'library:list-runs', {});
  }, 60_000);
  afterAll(async () => {
    await host?.close();
    await t?.cleanup();
  });

  it('finds the ECC fault on rank 5 at iteration 1730 as the root, and the NCCL/torchrun cascade behind it', async () => {
    const run = runAt('megatron-crash-resume/train.log');
    const [d] = await call(host, 'diagnosis:runs', { runIds: [run.id] });
    expect(d?.linesRead).toBeGreaterThan(500);
    const root = d?.events.find((e) => e.root);
    expect(root).toMatchObject({ category: 'gpu-hardware', rule: 'ecc-uncorrectable', rank: 5, step: 1730, stage: 'training', severity: 'critical', file: 'megatron-crash-resume/train.log' });
    expect(d?.rootId).toBe(root?.id);
    const cascade = d?.events.filter((e) => e.causeId === root?.id) ?? [];
    // Seven ranks time out on the same ALLREDUCE, then torchrun stops the workers and reports the child's failure.
    expect(new Set(cascade.filter((e) => e.rule === 'nccl-timeout').map((e) => e.rank))).toEqual(new Set([0, 1, 2, 3, 4, 6, 7]));
    expect(cascade.map((e) => e.rule)).toContain('elastic-child-failed');
    expect(d?.events.filter((e) => !e.root && e.causeId === null && e.severity !== 'info')).toEqual([]);
    expect(d?.counts).toMatchObject({ 'gpu-hardware': 1, network: expect.any(Number), 'node-failure': expect.any(Number) });
  });

  it('measures goodput: one restart, the steps trained twice, down time and an ETTR below 1', async () => {
    const [d] = await call(host, 'diagnosis:runs', { runIds: [runAt('megatron-crash-resume/train.log').id] });
    const g = d?.goodput;
    expect(g).toMatchObject({ restarts: 1, checkpointIntervalSteps: 500 });
    expect(g?.attempts.map((a) => [a.startStep, a.endStep])).toEqual([[10, 1730], [1510, 3000]]);
    expect(g?.recomputedSteps).toBe(220);
    // Ten minutes of NCCL timeout plus the relaunch: at least that much down time.
    expect(g?.downSeconds).toBeGreaterThan(600);
    expect(g?.ettr).toBeGreaterThan(0.5);
    expect(g?.ettr).toBeLessThan(1);
    expect((g?.productiveSeconds ?? 0) + (g?.lostSeconds ?? 0)).toBeCloseTo(g?.wallSeconds ?? -1, 3);
  });

  it('a run without logs has no events but still a goodput from its series', async () => {
    const [d] = await call(host, 'diagnosis:runs', { runIds: [runAt('resumed-pretrain').id] });
    expect(d).toMatchObject({ linesRead: 0, events: [], rootId: null });
    expect(d?.goodput?.restarts).toBe(1);
  });

  it('puts the failure on the loss chart as a finding that points at its log line', async () => {
    const run = runAt('megatron-crash-resume/train.log');
    const [f] = await call(host, 'analysis:findings', { runIds: [run.id] });
    const failures = f?.findings.filter((x) => x.kind === 'failure') ?? [];
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ metric: 'lm loss', step: 1730, severity: 'critical', log: { file: 'megatron-crash-resume/train.log', line: 255 } });
    expect(failures[0]?.title).toContain('Root cause');
  });

  it('opens the log at a line with context, and says clearly when the file is not stored', async () => {
    const run = runAt('megatron-crash-resume/train.log');
    const ctx = await call(host, 'logs:context', { runId: run.id, file: 'megatron-crash-resume/train.log', line: 268, before: 3, after: 2 });
    expect(ctx.lines.map((l) => l.line)).toEqual([265, 266, 267, 268, 269, 270]);
    expect(ctx.lines.find((l) => l.line === 268)?.text).toContain('uncorrectable ECC error encountered');
    expect(ctx.totalLines).toBeGreaterThan(500);
    const missing = await dispatch(host.handlers, 'logs:context', { runId: run.id, file: 'nope.log', line: 1 }, { mode: 'cli' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const bad = await dispatch(host.handlers, 'logs:context', { runId: run.id, file: 'megatron-crash-resume/train.log', line: 0 }, { mode: 'cli' });
    expect(bad.ok).toBe(false);
  });
});

describe('runlens diagnose (CLI)', () => {
  it('diagnoses one log file: --json gives the root with file, line, rank, step and the cascade apart', async () => {
    const { stdout } = await exec(process.execPath, [bin, 'diagnose', path.join(DEMO, 'megatron-crash-resume', 'train.log'), '--json'], { maxBuffer: 1 << 24 });
    const out = JSON.parse(stdout) as { findings: DiagnoseCliFinding[] };
    const roots = out.findings.filter((f) => f.root);
    expect(roots).toEqual([expect.objectContaining({ file: 'train.log', line: 255, category: 'gpu-hardware', rule: 'ecc-uncorrectable', severity: 'critical', step: 1730, rank: 5 })]);
    expect(out.findings.length).toBeGreaterThan(10);
    for (const f of out.findings) expect(Object.keys(f).sort()).toEqual(['category', 'file', 'line', 'message', 'node', 'rank', 'root', 'rule', 'run', 'severity', 'step', 'time'].sort());
  }, 60_000);

  it('diagnoses a folder of real logs, one root per log, in text form', async () => {
    const { stdout } = await exec(process.execPath, [bin, 'diagnose', path.join(fixturesDir, 'raw-log', 'github-issues')], { maxBuffer: 1 << 24 });
    expect(stdout).toMatch(/kohya-ss__sd-scripts\/issue-1434[^\n]*\n[^\n]*root cause: GPU hardware \(ecc-uncorrectable\)/);
    expect(stdout).toContain('root cause: GPU hardware (xid)');
    expect(stdout).toContain('root cause: Network (nccl-timeout)');
  }, 60_000);

  it('says what is wrong with a missing target', async () => {
    const r = await exec(process.execPath, [bin, 'diagnose', path.join(fixturesDir, 'no-such-folder'), '--json']).catch((e: { code: number; stderr: string }) => e);
    expect(r).toMatchObject({ code: expect.any(Number) });
    expect((r as { stderr: string }).stderr).toMatch(/no-such-folder/);
  });
});
