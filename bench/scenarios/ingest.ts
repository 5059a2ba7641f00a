import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tensorboardImporter } from '../../main/importers/tensorboard';
import type { EventSpec } from '../../main/importers/tensorboard/encode';
import { encodeEventFile } from '../../main/importers/tensorboard/encode';
import type { RunSource } from '../../shared/importers/importer';
import { crc32c } from '../../shared/util/crc';
import type { ScenarioResult } from '../lib/measure';
import { medianMs } from '../lib/measure';

/** Issue 11: tfevents ingest ≥ 30 % of the raw read rate of the same bytes. */
const TFEVENTS_TARGET = 0.3;

function events(points: number, tags: number): EventSpec[] {
  const out: EventSpec[] = [{ kind: 'file-version', wallTime: 1_700_000_000 }];
  for (let step = 0; out.length <= points; step++) {
    for (let t = 0; t < tags && out.length <= points; t++) {
      out.push({ kind: 'scalar', wallTime: 1_700_000_000 + step * 0.5, step, tag: `train/metric_${t}`, value: Math.sin(step / 50 + t) + 2 });
    }
  }
  return out;
}

/**
 * Parses a generated event file with the real importer and compares its byte rate with the physical limit measured
 * on the same bytes in the same run: reading the file and touching every byte once (a CRC pass, like the framing
 * check TensorBoard itself must do).
 */
export async function ingestTfevents(dir: string, points: number, reps: number): Promise<ScenarioResult> {
  const file = path.join(dir, 'events.out.tfevents.1700000000.bench.1.0');
  await writeFile(file, encodeEventFile(events(points, 4)));
  const bytes = (await readFile(file)).length;
  const rawMs = await medianMs(reps, async () => {
    const b = await readFile(file);
    return crc32c(b);
  });
  let counted = 0;
  const src: RunSource = { relPath: '', files: [path.basename(file)], readFile: async () => new Uint8Array(await readFile(file)) };
  const parseMs = await medianMs(reps, async () => {
    counted = 0;
    for await (const r of tensorboardImporter.parse(src, new AbortController().signal)) if (r.kind === 'scalars') counted += r.steps.length;
  });
  const pointsPerSec = counted / (parseMs / 1000);
  const rawBytesPerSec = bytes / (rawMs / 1000);
  const parseBytesPerSec = bytes / (parseMs / 1000);
  const ratio = parseBytesPerSec / rawBytesPerSec;
  return {
    name: 'ingest-tfevents',
    value: Math.round(pointsPerSec),
    unit: 'points/s',
    baseline: Math.round(counted / (rawMs / 1000)),
    ratio: Number(ratio.toFixed(3)),
    target: TFEVENTS_TARGET,
    met: ratio >= TFEVENTS_TARGET,
    detail: { bytes, points: counted, parseMs: Number(parseMs.toFixed(1)), rawReadMs: Number(rawMs.toFixed(1)) },
  };
}
