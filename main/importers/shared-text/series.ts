import type { ScalarBatchRecord } from '../../../shared/importers/records';
import { GrowableF64 } from '../../../shared/util/growable';

interface Column {
  readonly steps: GrowableF64;
  readonly values: GrowableF64;
  readonly walls: GrowableF64 | null;
}

/**
 * Collects points per series in read order (a step that goes back is a restart, and is kept) and yields one scalar
 * batch per series, in the order series were first seen. Typed arrays throughout: no point objects.
 */
export class SeriesCollector {
  private readonly columns = new Map<string, Column>();

  constructor(private readonly hasWallTimes = false) {}

  push(metric: string, step: number, value: number, wallTimeSec = Number.NaN): void {
    let c = this.columns.get(metric);
    if (!c) {
      c = { steps: new GrowableF64(64), values: new GrowableF64(64), walls: this.hasWallTimes ? new GrowableF64(64) : null };
      this.columns.set(metric, c);
    }
    c.steps.push(step);
    c.values.push(value);
    c.walls?.push(wallTimeSec);
  }

  has(metric: string): boolean {
    return this.columns.has(metric);
  }

  *records(): Generator<ScalarBatchRecord> {
    for (const [metric, c] of this.columns) {
      yield { kind: 'scalars', metric, steps: c.steps.view(), values: c.values.view(), wallTimesSec: c.walls ? c.walls.view() : null };
    }
  }
}
