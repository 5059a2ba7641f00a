import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFolder } from '../../main/cli/inspect';
import { wandbImporter } from '../../main/importers/wandb';
import { readClaim, scanSource } from '../../main/services/import-source';
import { fixturesDir, hasRealdata, realdataDir } from '../helpers/paths';

// Expected counts come from scripts/verify/wandb_counts.py: a stdlib-Python `.wandb` decoder written apart from the
// importer (`python3 scripts/verify/wandb_counts.py [ROOT]`).
type Counts = Record<string, Record<string, number>>;
type Report = Awaited<ReturnType<typeof inspectFolder>>;

const expected = (name: string): Counts => JSON.parse(readFileSync(path.join(fixturesDir, 'expected', name), 'utf8')) as Counts;
const countsOf = (report: Report): Counts => Object.fromEntries(report.runs.map((r) => [r.path, Object.fromEntries(r.metrics.map((m) => [m.name, m.points]))]));

const SON = 'SonYujeong0327__2025_AI502_ICCL/wandb';
const HOI = 'Hoilap__O-LoRA/wandb';

/** The last traceback's first and last lines, per run, read through the same scan and importer as the library. */
async function lastTracebacks(root: string): Promise<Record<string, [string, string] | null>> {
  const scanned = await scanSource(root, [wandbImporter]);
  const out: Record<string, [string, string] | null> = {};
  for (const claim of scanned.scan.claims) {
    const run = await readClaim(scanned, claim, new AbortController().signal);
    const tb = run.logs.filter((l) => (l.lines[0] ?? '').includes('Traceback (most recent call last):')).at(-1);
    out[claim.relPath] = tb ? [tb.lines[0] as string, tb.lines.at(-1) as string] : null;
  }
  return out;
}

describe.skipIf(!hasRealdata)('wandb on ../shared/realdata/wandb matches an independent decoder', () => {
  it('every run, every series, exact point counts; a resumed run id is one run', async () => {
    const report = await inspectFolder(path.join(realdataDir, 'wandb'), [wandbImporter]);
    expect(report.runs).toHaveLength(8);
    expect(countsOf(report)).toEqual(expected('wandb-counts.json'));
    expect(report.ties).toEqual([]);
    const run = (p: string) => report.runs.find((r) => r.path === p);
    expect(run(`${SON}/run-20251211_022844-guiqncrk`)?.metrics.find((m) => m.name === 'train/loss')).toEqual({ name: 'train/loss', points: 625, firstStep: 0, lastStep: 624 });
    // c6vuyz6a: 36 rows before the KeyboardInterrupt, 100 after the resume, on one step axis.
    expect(run(`${SON}/run-20251210_205854-c6vuyz6a`)?.metrics.find((m) => m.name === 'train/loss')).toEqual({ name: 'train/loss', points: 136, firstStep: 935, lastStep: 1122 });
    expect(run(`${SON}/run-20251210_213204-c6vuyz6a`)).toBeUndefined();
    expect(report.runs.flatMap((r) => r.warnings)).toEqual([]);
  });

  it('names and statuses: finished, crashed (exit code or OOM traceback), killed (no exit record), resumed-then-finished', async () => {
    const report = await inspectFolder(path.join(realdataDir, 'wandb'), [wandbImporter]);
    expect(Object.fromEntries(report.runs.map((r) => [r.path, [r.name, r.status]]))).toEqual({
      [`${HOI}/run-20251221_161318-cidq6tc4`]: ['order1_round1', 'finished'],
      [`${HOI}/run-20251223_123305-m4hlg5mu`]: ['order1_round4_bf16', 'killed'],
      [`${HOI}/run-20251223_123749-3f9dehbb`]: ['order1_round1_bf16', 'crashed'],
      [`${SON}/run-20251210_205854-c6vuyz6a`]: ['vanilla-baseline-1k', 'finished'],
      [`${SON}/run-20251210_213734-psulxtx2`]: ['sft-experiment-1', 'crashed'],
      [`${SON}/run-20251211_021611-nn53m5er`]: ['my_dpo', 'crashed'],
      [`${SON}/run-20251211_022844-guiqncrk`]: ['my_dpo', 'finished'],
      [`${SON}/run-20251211_030117-to28hgc7`]: ['DT_sft', 'finished'],
    });
    // Every run has its console, config, summary where one was logged, and the machine metadata.
    for (const r of report.runs) {
      expect(r.logLines, r.path).toBeGreaterThan(0);
      expect(r.config, r.path).toBeGreaterThan(200);
    }
  });

  it('crashed runs carry their traceback as log lines, from the header to the exception', async () => {
    const tbs = await lastTracebacks(path.join(realdataDir, 'wandb'));
    expect(tbs[`${SON}/run-20251210_213734-psulxtx2`]).toEqual(['Traceback (most recent call last):', "TypeError: scaled_dot_product_attention() got an unexpected keyword argument 'causal'"]);
    expect(tbs[`${SON}/run-20251211_021611-nn53m5er`]?.[1]).toBe('TypeError: DPOTrainer.get_batch_samples() takes 3 positional arguments but 4 were given');
    expect(tbs[`${HOI}/run-20251223_123749-3f9dehbb`]?.[0]).toBe('[rank0]: Traceback (most recent call last):');
    expect(tbs[`${HOI}/run-20251223_123749-3f9dehbb`]?.[1]).toMatch(/^\[rank0\]: torch\.OutOfMemoryError: CUDA out of memory\. Tried to allocate 12\.00 MiB/);
    // The first segment's Ctrl-C: its header was lost from output.log but is in the transaction log.
    expect(tbs[`${SON}/run-20251210_205854-c6vuyz6a`]?.[1]).toBe('KeyboardInterrupt');
    expect(tbs[`${SON}/run-20251211_022844-guiqncrk`]).toBeNull();
    expect(tbs[`${HOI}/run-20251223_123305-m4hlg5mu`]).toBeNull();
  });
});

describe('wandb on the committed fixtures (a trimmed copy of the real files)', () => {
  it('matches the independent decoder run over the same copy', async () => {
    const report = await inspectFolder(path.join(fixturesDir, 'wandb'), [wandbImporter]);
    expect(countsOf(report)).toEqual(expected('wandb-fixture-counts.json'));
    expect(report.runs.map((r) => r.status)).toEqual(['killed', 'crashed', 'finished', 'crashed']);
    expect(report.runs.flatMap((r) => r.warnings)).toEqual([]);
  });
});
