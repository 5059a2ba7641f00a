import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFolder } from '../../../main/cli/inspect';
import { llamaFactoryImporter } from '../../../main/importers/llama-factory';
import { parseTimedelta } from '../../../main/importers/llama-factory/duration';
import type { DirNode } from '../../../shared/importers/importer';
import type { RunMetaRecord, WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../helpers/importers';
import { fixturesDir, hasRealdata, realdataDir } from '../../helpers/paths';

const dir = (files: string[]): DirNode => ({ relPath: 'out', name: 'out', files: files.map((n) => ({ name: n, size: 1, mtimeMs: 0 })), dirs: [] });

describe('llama-factory', () => {
  it('claims trainer_log.jsonl unless the HF trainer_state.json of the same run is there', async () => {
    const peek = async () => new Uint8Array();
    expect(await llamaFactoryImporter.detect(dir(['trainer_log.jsonl']), peek)).toEqual({ confidence: 0.9, files: ['out/trainer_log.jsonl'] });
    expect(await llamaFactoryImporter.detect(dir(['trainer_log.jsonl', 'trainer_state.json']), peek)).toBeNull();
  });

  it('parses Python timedeltas', () => {
    expect([parseTimedelta('0:01:03'), parseTimedelta('3 days, 17:51:32'), parseTimedelta('1 day, 0:00:05.5'), parseTimedelta('soon')]).toEqual([63, 323492, 86405.5, null]);
  });

  it('turns rows into series at current_steps, durations in seconds, and says an unfinished run is not finished', async () => {
    const log = '{"current_steps": 1, "total_steps": 4, "loss": 0.65, "lr": 1e-9, "elapsed_time": "0:01:03", "note": "x"}\n{"current_steps": 2, "total_steps": 4, "loss": NaN, "eval_loss": 0.7, "elapsed_time": "0:02:00"}\n';
    const recs = await collect(llamaFactoryImporter, memorySource({ 'out/trainer_log.jsonl': log }, 'out'));
    const s = seriesOf(recs);
    expect(s.get('loss')?.steps).toEqual([1, 2]);
    expect(Number.isNaN(s.get('loss')?.values[1])).toBe(true);
    expect(s.get('eval_loss')).toEqual({ steps: [2], values: [0.7] });
    expect(s.get('elapsed_time')?.values).toEqual([63, 120]);
    expect(s.has('note')).toBe(false);
    expect(s.has('current_steps')).toBe(false);
    expect(recs.find((r): r is RunMetaRecord => r.kind === 'run-meta')?.status).toBe('unknown');
  });

  it('at every cut: no throw, a growing prefix, and a warning with the offset of an incomplete last line', async () => {
    const text = readFileSync(path.join(fixturesDir, 'llama-factory', 'hykun1989__360-LLaMA-Factory-grpo', 'trainer_log.jsonl')).subarray(0, 2000);
    let prev = 0;
    for (let cut = 0; cut <= text.length; cut++) {
      const recs = await collect(llamaFactoryImporter, memorySource({ 'out/trainer_log.jsonl': new Uint8Array(text.subarray(0, cut)) }, 'out'));
      const n = seriesOf(recs).get('loss')?.steps.length ?? 0;
      expect(n).toBeGreaterThanOrEqual(prev);
      prev = n;
      const lineStart = text.subarray(0, cut).lastIndexOf(0x0a) + 1;
      const w = recs.find((r): r is WarningRecord => r.kind === 'warning');
      if (cut > lineStart && cut - lineStart > 1 && text[cut - 1] !== 0x7d) expect(w?.offset, `cut ${cut}`).toBe(lineStart);
    }
    expect(prev).toBeGreaterThan(5);
  });

  it.skipIf(!hasRealdata)('matches the independent reader over realdata', async () => {
    const want = JSON.parse(readFileSync(path.join(fixturesDir, 'expected', 'llama-factory-counts.json'), 'utf8')) as object;
    const report = await inspectFolder(path.join(realdataDir, 'hf-trainer'), [llamaFactoryImporter]);
    expect(Object.fromEntries(report.runs.map((r) => [r.path, Object.fromEntries(r.metrics.map((m) => [m.name, m.points]))]))).toEqual(want);
    expect(report.runs[0]?.status).toBe('unknown'); // abandoned at step 202 of 5100
  });
});
