import { z } from 'zod';

/** A config value as stored (flattened: nested keys are dotted paths, lists are JSON text). */
export const ConfigScalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type ConfigScalar = z.infer<typeof ConfigScalar>;

/** One flattened config entry of a run; `origin` says which file or record it came from (hparams, config.yaml…). */
export const RunConfigEntry = z.object({
  runId: z.string(),
  origin: z.string(),
  key: z.string(),
  value: ConfigScalar,
});
export type RunConfigEntry = z.infer<typeof RunConfigEntry>;

export const ListConfigsReq = z.object({ runIds: z.array(z.string()).max(2000) }).strict();
