import { GrowableF64 } from '../../shared/util/growable';
import type { RunData } from './read-run';

/** One series as it crosses between threads: its filled arrays, moved (transferred), not copied. */
export interface WireSeries {
  readonly name: string;
  readonly steps: Float64Array;
  readonly values: Float64Array;
  readonly walls: Float64Array | null;
}

/** A RunData that structured clone carries whole (GrowableF64 instances would arrive as bare objects). */
export type WireRun = Omit<RunData, 'series'> & { readonly series: readonly WireSeries[] };

/** The run to post, and the buffers to transfer with it (the sender must not touch the run afterwards). */
export function toWire(run: RunData): { run: WireRun; transfer: ArrayBuffer[] } {
  const transfer = new Set<ArrayBuffer>();
  const series = [...run.series.values()].map((s) => {
    const w: WireSeries = { name: s.name, steps: s.steps.view(), values: s.values.view(), walls: s.walls?.view() ?? null };
    for (const a of [w.steps, w.values, w.walls]) if (a && a.buffer instanceof ArrayBuffer) transfer.add(a.buffer);
    return w;
  });
  return { run: { ...run, series }, transfer: [...transfer] };
}

export function fromWire(wire: WireRun): RunData {
  const series = new Map(wire.series.map((s) => [s.name, { name: s.name, steps: GrowableF64.adopt(s.steps), values: GrowableF64.adopt(s.values), walls: s.walls ? GrowableF64.adopt(s.walls) : null }]));
  return { ...wire, series };
}
