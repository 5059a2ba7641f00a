import { z } from 'zod';
import type { WireRun } from './run-wire';

/** Main thread → parse worker. */
export const ParseRequest = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('read'),
    id: z.number().int(),
    rootAbs: z.string(),
    relPath: z.string(),
    files: z.array(z.string()),
    importerId: z.string(),
    importerVersion: z.number(),
    options: z.record(z.string(), z.string()).optional(),
  }),
  z.object({ type: z.literal('cancel'), id: z.number().int() }),
]);
export type ParseRequest = z.infer<typeof ParseRequest>;

/**
 * Parse worker → main thread. The run itself is checked for shape only where it is cheap (its series arrays): it was
 * built by the same importers the main thread would have run, in a thread of this process.
 */
export const ParseReply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('file'), id: z.number().int(), rel: z.string(), bytes: z.number() }),
  z.object({
    type: z.literal('done'),
    id: z.number().int(),
    run: z
      .object({
        relPath: z.string(),
        series: z.array(z.object({ name: z.string(), steps: z.instanceof(Float64Array), values: z.instanceof(Float64Array), walls: z.instanceof(Float64Array).nullable() })),
      })
      .passthrough()
      .transform((r) => r as unknown as WireRun),
  }),
  z.object({ type: z.literal('error'), id: z.number().int(), message: z.string(), aborted: z.boolean() }),
]);
export type ParseReply = z.infer<typeof ParseReply>;
