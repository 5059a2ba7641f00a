import type { RunData } from '../../main/services/read-run';
import { GrowableF64 } from '../../shared/util/growable';

/** A series given as its values (steps 0, 1, 2, …) or as steps and values. */
export type SeriesSpec = readonly number[] | { readonly steps: readonly number[]; readonly values: readonly number[] };

/** A RunData as an importer would produce it, holding only these series and hparams (for storing runs directly). */
export function runData(relPath: string, series: Record<string, SeriesSpec>, configs: Record<string, number> = {}): RunData {
  const map = new Map<string, RunData['series'] extends Map<string, infer S> ? S : never>();
  for (const [name, spec] of Object.entries(series)) {
    const values = isPlain(spec) ? spec : spec.values;
    const stepsOf = isPlain(spec) ? null : spec.steps;
    const steps = new GrowableF64(values.length);
    const vals = new GrowableF64(values.length);
    values.forEach((v, i) => {
      steps.push(stepsOf ? (stepsOf[i] as number) : i);
      vals.push(v);
    });
    map.set(name, { name, steps, values: vals, walls: null });
  }
  return {
    relPath, format: 'tensorboard', importerVersion: 1, name: null, status: 'finished', wallStartSec: null, wallEndSec: null, bestModelCheckpoint: null,
    series: map, configs: Object.entries(configs).map(([key, value]) => ({ origin: 'hparams', key, value })), checkpoints: [], warnings: [], evals: [], samples: [],
    sweepPoints: [], logs: [], resumePoints: new Map(),
  };
}

function isPlain(spec: SeriesSpec): spec is readonly number[] {
  return Array.isArray(spec);
}
