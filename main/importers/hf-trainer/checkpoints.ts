import type { CheckpointRecord } from '../../../shared/importers/records';
import { checkpointOf } from './names';

/** One record per `checkpoint-N` folder of the run (from the claimed files), ascending N. */
export function checkpointRecords(files: readonly string[], runDir: string): CheckpointRecord[] {
  const byDir = new Map<string, number>();
  for (const f of files) {
    const c = checkpointOf(f, runDir);
    if (c !== null) byDir.set(c.dir, c.step);
  }
  return [...byDir]
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
    .map(([path, step]) => ({ kind: 'checkpoint', path, step }));
}
