import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { readUserFile } from '../../../main/platform/user-file';
import { WorkspaceFile } from '../../../main/services/workspace-store';
import { AnnotationsFile } from '../../../shared/domain/annotation';
import { ReportSpec } from '../../../shared/domain/report';
import { channels, contract } from '../../../shared/ipc/contract';
import type { Json } from '../../helpers/fuzz';
import { applyJsonEdits, applyMutations, fuzz, FUZZ_TIMEOUT_MS, HARNESS_LIMIT_MS, jsonEditArb, jsonValueArb, mutationArb, pythonJson } from '../../helpers/fuzz';
import { tempDir } from '../../helpers/paths';

/**
 * The workspace's own user files (workspace.json, annotations, report specs: read back through zod by readUserFile)
 * and the renderer's requests (every IPC channel's zod request schema, which dispatch applies to whatever arrives).
 * A hand-edited, cut or hostile file must come back as a value the schema accepts, or as null with a problem to show.
 */

const SEEDS: readonly { readonly name: string; readonly schema: z.ZodType; readonly doc: Json }[] = [
  {
    name: 'workspace.json',
    schema: WorkspaceFile,
    doc: { version: 1, sources: [{ id: 's1', path: '/data/runs', name: 'runs', addedAtMs: 1.7e12 }], recentFolders: ['/data/runs'], choices: {} },
  },
  {
    name: 'annotations.json',
    schema: AnnotationsFile,
    doc: {
      version: 1,
      annotations: [
        { id: 'a1', target: { kind: 'chart', metric: 'loss', runId: 'r1', step: 10, stepEnd: null }, text: 'spike', createdAtMs: 1, updatedAtMs: 2 },
        { id: 'a2', target: { kind: 'run', runId: 'r1' }, text: 'baseline', createdAtMs: 1, updatedAtMs: 2 },
      ],
    },
  },
  {
    name: 'report.json',
    schema: ReportSpec,
    doc: {
      version: 1,
      id: 'report_1',
      title: 'Weekly',
      authors: 'me',
      date: '2026-01-01',
      sections: [
        { kind: 'runs', runIds: ['r1', 'r2'] },
        { kind: 'comparison', runIds: ['r1'], baselineRunId: null },
        { kind: 'audit', runIds: [], cap: 0.3 },
        { kind: 'text', title: 'Notes', markdown: '# hi <script>alert(1)</script>' },
      ],
      updatedAtMs: 5,
    },
  },
];

describe('user files fuzz', () => {
  it('the seed documents are valid', () => {
    for (const s of SEEDS) expect(s.schema.safeParse(s.doc).success, s.name).toBe(true);
  });

  it('tree edits of each document either validate or fail validation, in time; nothing throws', async () => {
    await fuzz(
      fc.record({ seed: fc.nat({ max: SEEDS.length - 1 }), edits: fc.array(jsonEditArb(), { minLength: 1, maxLength: 4 }) }),
      ({ seed, edits }) => {
        const s = SEEDS[seed] as (typeof SEEDS)[number];
        const r = s.schema.safeParse(applyJsonEdits(s.doc, edits));
        if (r.success) expect(s.schema.safeParse(JSON.parse(JSON.stringify(r.data))).success).toBe(true);
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('damaged files read back as a valid value or as null with a problem, never an exception', async () => {
    const t = await tempDir('runlens-fuzz-user-');
    let n = 0;
    try {
      await fuzz(
        fc.record({ seed: fc.nat({ max: SEEDS.length - 1 }), ops: fc.array(mutationArb({ maxRepeat: 64 }), { minLength: 1, maxLength: 4 }) }),
        async ({ seed, ops }) => {
          const s = SEEDS[seed] as (typeof SEEDS)[number];
          const file = path.join(t.dir, `${n++}-${s.name}`);
          const bytes = applyMutations(new TextEncoder().encode(pythonJson(s.doc, 2)), ops);
          await writeFile(file, bytes);
          const { value, problem } = await readUserFile(file, s.schema, 'starting empty', 0);
          if (value === null) expect(typeof problem).toBe('string');
          else expect(s.schema.safeParse(value).success).toBe(true);
          // The file is never lost: it is still there, or kept aside as `.damaged-<ms>`.
          const still = await readFile(file).catch(() => null);
          const kept = await readFile(`${file}.damaged-0`).catch(() => null);
          expect(still !== null || kept !== null).toBe(true);
        },
        { weight: 0.5, limitMs: HARNESS_LIMIT_MS },
      );
    } finally {
      await t.cleanup();
    }
  }, FUZZ_TIMEOUT_MS);

  it('every IPC request schema answers any JSON value, in time, without throwing', async () => {
    await fuzz(
      fc.record({ channel: fc.constantFrom(...channels), req: fc.oneof(jsonValueArb(), fc.dictionary(fc.constantFrom('runId', 'runIds', 'path', 'sourceId', 'metric', 'metrics', '__proto__', 'constructor', 'id'), jsonValueArb(), { maxKeys: 4 })) }),
      ({ channel, req }) => {
        const r = contract[channel].req.safeParse(req);
        expect(typeof r.success).toBe('boolean');
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);
});
