import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFolder } from '../../main/cli/inspect';
import { rawLogImporter } from '../../main/importers/raw-log';
import { fixturesDir, hasRealdata, realdataDir } from '../helpers/paths';

/** Per log file: its line count and points per series, as scripts/verify/raw_log_counts.py (stdlib Python) counts them. */
type Expected = Record<string, { lines: number; series: Record<string, number> }>;

const expected = (f: string) => JSON.parse(readFileSync(path.join(fixturesDir, 'expected', f), 'utf8')) as Expected;

async function summaryOf(dir: string): Promise<{ counts: Expected; report: Awaited<ReturnType<typeof inspectFolder>> }> {
  const report = await inspectFolder(dir, [rawLogImporter]);
  const counts: Expected = Object.fromEntries(
    report.runs.map((r) => [r.path, { lines: r.logLines, series: Object.fromEntries(r.metrics.map((m) => [m.name, m.points])) }]),
  );
  return { counts, report };
}

describe.skipIf(!hasRealdata)('raw-log on ../shared/realdata/raw-logs matches an independent reader', () => {
  it('every log file: line count and points per series', async () => {
    const { counts, report } = await summaryOf(path.resolve(realdataDir, 'raw-logs'));
    expect(counts).toEqual(expected('raw-log-counts.json'));
    expect(report.runs.every((r) => r.format === 'raw-log')).toBe(true);
  });

  it('known values: the BLOOM-176B spike, the NaN grad norms, the verl log cut without a final newline', async () => {
    const { report } = await summaryOf(path.resolve(realdataDir, 'raw-logs'));
    const run = (suffix: string) => report.runs.find((r) => r.path.endsWith(suffix));
    const spike = run('2022-04-12_first_lm_loss_spike.log');
    expect(spike?.metrics.find((m) => m.name === 'lm loss')).toMatchObject({ points: 11, firstStep: 31214, lastStep: 31251 });
    const nan = run('issue-396_nan_grad_norm_megatron.excerpt.log');
    // The excerpt starts mid-line ("d norm: nan |") and ends mid-record: neither piece is an iteration line.
    expect(nan?.metrics.find((m) => m.name === 'grad norm')).toMatchObject({ points: 3, firstStep: 5426, lastStep: 5428 });
    const ppo = run('gemma-2-2b-it-ppo-bsz512_4-prompt1024-resp-512-0.640.log');
    expect(ppo?.warnings).toEqual([expect.objectContaining({ offset: 158598, message: expect.stringContaining('Line 529 has no line end') })]);
    expect(ppo?.metrics.find((m) => m.name === 'critic/score/mean')).toMatchObject({ points: 105, firstStep: 0, lastStep: 104 });
    expect(ppo?.metrics.find((m) => m.name === 'val/test_score/openai/gsm8k')).toMatchObject({ points: 10, firstStep: 9, lastStep: 99 });
  });
});

describe('raw-log on the committed fixtures matches an independent reader', () => {
  it('trimmed real logs and hand-made edge cases: line count and points per series', async () => {
    const { counts, report } = await summaryOf(path.join(fixturesDir, 'raw-log'));
    expect(counts).toEqual(expected('raw-log-fixture-counts.json'));
    expect(Object.keys(counts)).not.toContain('edge-cases/requirements.txt');
    const edge = report.runs.find((r) => r.path === 'edge-cases/terminal-tricks.log');
    expect(edge?.warnings.map((w) => [w.offset, w.message.slice(0, 24)])).toEqual([
      [1124, 'Line 21 has no line end:'],
      [836, '1 line(s) hold bytes tha'],
    ]);
  });
});
