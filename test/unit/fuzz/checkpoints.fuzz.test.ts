import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCheckpointFolder } from '../../../main/services/checkpoint-integrity';
import { checkCheckpoint, stepOfFolder } from '../../../shared/analysis/checkpoints/folder';
import { buildSafetensors, checkSafetensors, DTYPE_BYTES, headerLength } from '../../../shared/analysis/checkpoints/safetensors';
import type { Json } from '../../helpers/fuzz';
import { applyJsonEdits, applyMutations, fuzz, FUZZ_TIMEOUT_MS, HARNESS_LIMIT_MS, jsonEditArb, mutationArb, pythonJson, textArb } from '../../helpers/fuzz';
import { tempDir } from '../../helpers/paths';

/**
 * Checkpoint integrity (issue 8): the safetensors header reader (8-byte length, JSON header of dtypes, shapes and
 * offsets) and the folder check (shard indexes, trainer_state.json's step, file names). The files are the user's, and
 * often damaged: that is what the check is for.
 */

const enc = new TextEncoder();
const SEED = buildSafetensors(
  [
    { name: 'model.embed.weight', dtype: 'F32', shape: [4, 3] },
    { name: 'model.norm.weight', dtype: 'BF16', shape: [3] },
    { name: 'lm_head.weight', dtype: 'F16', shape: [2, 3] },
  ],
  { format: 'pt' },
);

/** The header of a safetensors file, edited as JSON and framed again with its true length. */
function reheader(bytes: Uint8Array, header: Json): Uint8Array {
  const n = headerLength(bytes) ?? 0;
  const json = enc.encode(pythonJson(header));
  const out = new Uint8Array(8 + json.length + Math.max(0, bytes.length - 8 - n));
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(bytes.subarray(8 + n), 8 + json.length);
  return out;
}

const headerOf = (bytes: Uint8Array): Json => JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + (headerLength(bytes) ?? 0)))) as Json;

function expectCheck(bytes: Uint8Array, size = bytes.length): void {
  const c = checkSafetensors(bytes, size);
  expect(c.ok === (c.problems.length === 0)).toBe(true);
  for (const p of c.problems) expect(typeof p).toBe('string');
}

describe('checkpoint fuzz', () => {
  it('the seed file checks clean', () => {
    expect(checkSafetensors(SEED, SEED.length)).toMatchObject({ ok: true, tensors: 3 });
  });

  it('byte mutations of a safetensors file, with any claimed file size, never throw', async () => {
    await fuzz(
      fc.record({ ops: fc.array(mutationArb(), { minLength: 1, maxLength: 4 }), extra: fc.integer({ min: -64, max: 64 }) }),
      ({ ops, extra }) => {
        const bytes = applyMutations(SEED, ops);
        expectCheck(bytes, Math.max(0, bytes.length + extra));
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('header edits (any dtype, shape and offsets of any type, prototype keys, deep values) never throw', async () => {
    await fuzz(
      fc.array(jsonEditArb(), { minLength: 1, maxLength: 4 }),
      (edits) => expectCheck(reheader(SEED, applyJsonEdits(headerOf(SEED), edits))),
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('folder facts of any names, sizes, indexes and steps never throw', async () => {
    const name = fc.oneof(fc.constantFrom('model.safetensors', 'model-00001-of-00003.safetensors', 'model-00003-of-00099.bin', 'optimizer.pt', 'rng_state_0.pth', 'global_step100/mp_rank_00_model_states.pt', 'trainer_state.json', 'model.safetensors.index.json'), textArb(30));
    await fuzz(
      fc.record({
        folder: fc.oneof(fc.constantFrom('checkpoint-500', 'global_step10', 'epoch=3-step=1200'), textArb(60)),
        files: fc.array(fc.record({ name, size: fc.oneof(fc.nat(), fc.constantFrom(0, Number.MAX_SAFE_INTEGER)) }), { maxLength: 8 }),
        indexes: fc.dictionary(fc.constantFrom('model.safetensors.index.json', 'sub/pytorch_model.bin.index.json'), fc.oneof(textArb(100), jsonValueText())),
        trainerStateStep: fc.option(fc.oneof(fc.nat(), fc.double())),
      }),
      (facts) => {
        const r = checkCheckpoint({ ...facts, safetensors: {} });
        expect(r.ok === (r.problems.length === 0)).toBe(true);
        stepOfFolder(facts.folder);
      },
      { weight: 5 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('a folder of damaged files on disk is checked without throwing', async () => {
    const t = await tempDir('runlens-fuzz-ckpt-');
    let n = 0;
    try {
      await fuzz(
        fc.record({ ops: fc.array(mutationArb({ maxRepeat: 64 }), { minLength: 1, maxLength: 3 }), state: fc.oneof(textArb(60), jsonValueText()), index: fc.oneof(textArb(60), jsonValueText()) }),
        async ({ ops, state, index }) => {
          const dir = path.join(t.dir, `checkpoint-${n++}`);
          await mkdir(dir, { recursive: true });
          await writeFile(path.join(dir, 'model-00001-of-00002.safetensors'), applyMutations(SEED, ops));
          await writeFile(path.join(dir, 'model.safetensors.index.json'), index);
          await writeFile(path.join(dir, 'trainer_state.json'), state);
          const r = await checkCheckpointFolder(dir);
          expect(r.ok === (r.problems.length === 0)).toBe(true);
        },
        { weight: 0.5, limitMs: HARNESS_LIMIT_MS },
      );
    } finally {
      await t.cleanup();
    }
  }, FUZZ_TIMEOUT_MS);
});

function jsonValueText(): fc.Arbitrary<string> {
  return fc.array(jsonEditArb(), { maxLength: 3 }).map((edits) => pythonJson(applyJsonEdits({ weight_map: { a: 'model-00001-of-00002.safetensors', b: 'model-00002-of-00002.safetensors' }, global_step: 5 }, edits)));
}

describe('checkpoint fuzz regressions', () => {
  it.each([
    ['a tensor entry that is null', { t: null }],
    ['a dtype named like an Object.prototype member', { t: { dtype: 'toString', shape: [1], data_offsets: [0, 1] } }],
    ['a shape nested 10000 levels deep', { t: { dtype: 'F32', shape: JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`) as Json, data_offsets: [0, 4] } }],
  ])('%s is a problem, not an exception', (_, header) => {
    const c = checkSafetensors(reheader(SEED, header as Json), 8 + pythonJson(header as Json).length);
    expect(c.ok).toBe(false);
    expect(c.problems.length).toBeGreaterThan(0);
  });

  it('knows only real dtypes', () => {
    expect(Object.hasOwn(DTYPE_BYTES, 'toString')).toBe(false);
  });
});
