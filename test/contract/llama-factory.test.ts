import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFolder } from '../../main/cli/inspect';
import { llamaFactoryImporter } from '../../main/importers/llama-factory';
import { fixturesDir, hasRealdata, realdataDir } from '../helpers/paths';

type Counts = Record<string, Record<string, number>>;
const expected = (f: string) => JSON.parse(readFileSync(path.join(fixturesDir, 'expected', f), 'utf8')) as Counts;
const inspect = (dir: string) => inspectFolder(dir, [llamaFactoryImporter]);
const countsOf = (report: Awaited<ReturnType<typeof inspect>>): Counts => Object.fromEntries(report.runs.map((r) => [r.path, Object.fromEntries(r.metrics.map((m) => [m.name, m.points]))]));

// Counts from scripts/verify/llama_factory_counts.py (Python's json module).
describe.skipIf(!hasRealdata)('llama-factory over ../shared/realdata/hf-trainer', () => {
  it('finds both logs with exact points per series', async () => {
    const report = await inspect(path.resolve(realdataDir, 'hf-trainer'));
    expect(countsOf(report)).toEqual(expected('llama-factory-counts.json'));
  });

  it('knows the abandoned run is not finished and the ORPO run is', async () => {
    const report = await inspect(path.resolve(realdataDir, 'hf-trainer'));
    const byPath = new Map(report.runs.map((r) => [r.path, r]));
    expect(byPath.get('hykun1989__360-LLaMA-Factory-grpo')?.status).toBe('unknown'); // step 202 of 5100
    expect(byPath.get('hykun1989__360-LLaMA-Factory-grpo')?.metrics.find((m) => m.name === 'loss')).toMatchObject({ firstStep: 1, lastStep: 202 });
    expect(byPath.get('chandlerzuo__rlhf_recsys/outputs/trainer_log')?.status).toBe('finished'); // 336 of 336
  });
});

describe('llama-factory over the committed fixtures', () => {
  it('matches the independent reader; damage is warned about by line', async () => {
    const report = await inspect(path.join(fixturesDir, 'llama-factory'));
    expect(countsOf(report)).toEqual(expected('llama-factory-fixture-counts.json'));
    const crashed = report.runs.find((r) => r.path === 'edge-cases/crashed');
    expect(crashed?.warnings.map((w) => w.message.slice(0, 7))).toEqual(['Line 3 ', 'Line 5 ']);
    expect(crashed?.warnings.every((w) => w.file === 'edge-cases/crashed/trainer_log.jsonl')).toBe(true);
    expect(report.runs.find((r) => r.path === 'edge-cases/finished')).toMatchObject({ status: 'finished', config: 8 }); // training_args.yaml (7) + total_steps;
  });
});
