import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tensorboardImporter } from '../../main/importers/tensorboard';
import { wandbImporter } from '../../main/importers/wandb';
import type { RecordSpec } from '../../main/importers/wandb/encode';
import { encodeLog, items } from '../../main/importers/wandb/encode';
import type { Importer } from '../../shared/importers/importer';
import type { EventSpec } from '../../main/importers/tensorboard/encode';
import { encodeEventFile } from '../../main/importers/tensorboard/encode';
import type { RunSource } from '../../shared/importers/importer';
import { crc32c } from '../../shared/util/crc';
import type { ScenarioResult } from '../lib/measure';
import { medianMs } from '../lib/measure';

/** Issue 11: tfevents ingest ≥ 30 % of the raw read rate of the same bytes. */
const TFEVENTS_TARGET = 0.3;

/** `points` scalars over `tags` tags, PyTorch-style: the event file every tfevents scenario parses. */
export function events(points: number, tags: number): EventSpec[] {
  const out: EventSpec[] = [{ kind: 'file-version', wallTime: 1_700_000_000 }];
  for (let step = 0; out.length <= points; step++) {
    for (let t = 0; t < tags && out.length <= points; t++) {
      out.push({ kind: 'scalar', wallTime: 1_700_000_000 + step * 0.5, step, tag: `train/metric_${t}`, value: Math.sin(step / 50 + t) + 2 });
    }
  }
  return out;
}

/**
 * Parses a generated file with the real importer and compares its byte rate with the physical limit measured on the
 * same bytes in the same run: reading the file and touching every byte once (a CRC pass, as framing checks must).
 */
async function measureIngest(name: string, importer: Importer, file: string, rel: string, reps: number, target: number | null): Promise<ScenarioResult> {
  const bytes = (await readFile(file)).length;
  const rawMs = await medianMs(reps, async () => crc32c(await readFile(file)));
  let counted = 0;
  const src: RunSource = { relPath: path.dirname(rel), files: [rel], readFile: async () => new Uint8Array(await readFile(file)) };
  const parseMs = await medianMs(reps, async () => {
    counted = 0;
    for await (const r of importer.parse(src, new AbortController().signal)) if (r.kind === 'scalars') counted += r.steps.length;
  });
  const ratio = rawMs / parseMs;
  return {
    name,
    value: Math.round(counted / (parseMs / 1000)),
    unit: 'points/s',
    baseline: Math.round(counted / (rawMs / 1000)),
    ratio: Number(ratio.toFixed(3)),
    target,
    met: target === null ? null : ratio >= target,
    detail: { bytes, points: counted, parseMs: Number(parseMs.toFixed(1)), rawReadMs: Number(rawMs.toFixed(1)) },
  };
}

export async function ingestTfevents(dir: string, points: number, reps: number): Promise<ScenarioResult> {
  const rel = 'events.out.tfevents.1700000000.bench.1.0';
  const file = path.join(dir, rel);
  await writeFile(file, encodeEventFile(events(points, 4)));
  return measureIngest('ingest-tfevents', tensorboardImporter, file, rel, reps, TFEVENTS_TARGET);
}

/** A W&B run log with `points` history values (4 metrics per step), as the SDK writes them. */
export async function ingestWandb(dir: string, points: number, reps: number): Promise<ScenarioResult> {
  const specs: RecordSpec[] = [{ kind: 'header', producer: 'bench' }, { kind: 'run', runId: 'bench0001', startSec: 1_700_000_000 }];
  for (let step = 0; step * 4 < points; step++) {
    const values: Record<string, number> = { _step: step, _timestamp: 1_700_000_000 + step * 0.5 };
    for (let t = 0; t < 4; t++) values[`train/metric_${t}`] = Math.sin(step / 50 + t) + 2;
    specs.push({ kind: 'history', items: items(values), step });
  }
  specs.push({ kind: 'exit', exitCode: 0 });
  const rel = 'run-20260101_000000-bench0001/run-bench0001.wandb';
  const file = path.join(dir, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, encodeLog(specs));
  return measureIngest('ingest-wandb', wandbImporter, file, rel, reps, null);
}
