import type { RunStatus } from '../../../shared/domain/run';
import type { ConfigValue, ImportRecord } from '../../../shared/importers/records';
import { GrowableF64 } from '../../../shared/util/growable';

/** Points buffered per tag before they are handed out as one batch (bounds memory on huge files). */
export const BATCH_POINTS = 65_536;

interface TagBuffer {
  steps: GrowableF64;
  values: GrowableF64;
  walls: GrowableF64;
}

/** State that spans a run's files: plugin names per tag (metadata often comes only once), buffers, run meta. */
export class RunAccumulator {
  readonly pluginByTag = new Map<string, string>();
  private readonly buffers = new Map<string, TagBuffer>();
  wallStart = Number.POSITIVE_INFINITY;
  wallEnd = Number.NEGATIVE_INFINITY;
  status: RunStatus | null = null;
  readonly configs: { origin: string; entries: Record<string, ConfigValue> }[] = [];

  /** Adds a point; returns a full batch to emit when the tag's buffer reached BATCH_POINTS. */
  add(tag: string, step: number, value: number, wall: number): ImportRecord | null {
    let b = this.buffers.get(tag);
    if (!b) {
      b = { steps: new GrowableF64(), values: new GrowableF64(), walls: new GrowableF64() };
      this.buffers.set(tag, b);
    }
    b.steps.push(step);
    b.values.push(value);
    b.walls.push(wall);
    return b.steps.length >= BATCH_POINTS ? this.take(tag) : null;
  }

  noteWall(wall: number): void {
    if (!Number.isFinite(wall)) return;
    if (wall < this.wallStart) this.wallStart = wall;
    if (wall > this.wallEnd) this.wallEnd = wall;
  }

  /** Every buffered batch, in tag order of first appearance. */
  *flush(): Generator<ImportRecord> {
    for (const tag of [...this.buffers.keys()]) {
      const r = this.take(tag);
      if (r) yield r;
    }
  }

  *finish(): Generator<ImportRecord> {
    yield* this.flush();
    for (const c of this.configs) yield { kind: 'config', origin: c.origin, entries: c.entries };
    yield {
      kind: 'run-meta',
      ...(this.status ? { status: this.status } : {}),
      ...(Number.isFinite(this.wallStart) ? { wallStartSec: this.wallStart, wallEndSec: this.wallEnd } : {}),
    };
  }

  private take(tag: string): ImportRecord | null {
    const b = this.buffers.get(tag);
    if (!b || b.steps.length === 0) return null;
    this.buffers.delete(tag);
    return { kind: 'scalars', metric: tag, steps: b.steps.view(), values: b.values.view(), wallTimesSec: b.walls.view() };
  }
}
