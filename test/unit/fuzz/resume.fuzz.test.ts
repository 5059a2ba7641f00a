import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { importerFor } from '../../../main/importers/registry';
import type { RunFormat } from '../../../shared/domain/run';
import type { Importer, ResumeSource } from '../../../shared/importers/importer';
import type { ImportRecord, ResumeState } from '../../../shared/importers/records';
import type { Json } from '../../helpers/fuzz';
import { applyMutations, fuzz, FUZZ_TIMEOUT_MS, HARNESS_LIMIT_MS, jsonValueArb, mutationArb, timedAsync } from '../../helpers/fuzz';
import type { Corpus, FuzzRun, FuzzTarget } from './support/importer-fuzz';
import { expectRecordContract, loadCorpus } from './support/importer-fuzz';

/**
 * Live follow (`Importer.resume`): a growing file is read again from the resume point a previous read left, with the
 * state that read stored. The bytes that arrive after it are as untrusted as any (a crash mid-write, another process
 * writing), and the stored point and state come from an older read, perhaps by an older version. Resuming from the
 * point a real read gave, over mutated new bytes, and from any point with any state, must never throw and must stay
 * within the record contract. (test/unit/importers/resume.test.ts proves resumed reads equal whole reads on clean data.)
 */

const RESUMABLE: readonly { readonly format: RunFormat; readonly folder: string }[] = [
  { format: 'tensorboard', folder: 'tensorboard' },
  { format: 'wandb', folder: 'wandb' },
  { format: 'raw-log', folder: 'raw-log' },
  { format: 'lightning-csv', folder: 'lightning-csv' },
  { format: 'llama-factory', folder: 'llama-factory' },
  { format: 'table', folder: 'table' },
];

const corpora = new Map<RunFormat, Corpus>();
beforeAll(async () => {
  for (const r of RESUMABLE) {
    const importer = importerFor(r.format);
    corpora.set(r.format, await loadCorpus(importer, [r.folder], (f) => !/\.(ya?ml|json)$/.test(f)));
  }
});

async function collectAll(records: AsyncIterable<ImportRecord>): Promise<ImportRecord[]> {
  const out: ImportRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}

function resumeSource(run: FuzzRun, file: string, bytes: Uint8Array, from: { offset: number; linesBefore?: number; state?: ResumeState }): ResumeSource {
  return {
    relPath: run.relPath,
    files: [file],
    from: new Map([[file, from]]),
    async readFile(rel) {
      if (rel !== file) throw new Error(`ENOENT: ${rel}`);
      return bytes.subarray(Math.min(from.offset, bytes.length));
    },
  };
}

async function resumeChecked(importer: Importer, src: ResumeSource, file: string, size: number): Promise<void> {
  const resume = importer.resume;
  expect(resume).toBeDefined();
  if (!resume) return;
  const recs = await timedAsync(`${importer.id} resume`, () => collectAll(resume.call(importer, src, new AbortController().signal)));
  expectRecordContract(recs, src, new Map([[file, size]]));
}

const formatArb = fc.constantFrom(...RESUMABLE.map((r) => r.format));

describe('resume fuzz', () => {
  it('resuming from the point a read of a prefix gave, over mutated new bytes, never throws', async () => {
    await fuzz(
      fc.record({ format: formatArb, target: fc.nat(), cut: fc.double({ min: 0, max: 1, noNaN: true }), ops: fc.array(mutationArb({ maxRepeat: 64 }), { maxLength: 3 }) }),
      async ({ format, target, cut, ops }) => {
        const corpus = corpora.get(format) as Corpus;
        const importer = importerFor(format);
        const t = corpus.targets[target % corpus.targets.length] as FuzzTarget;
        const run = corpus.runs[t.run] as FuzzRun;
        const whole = run.files.get(t.file) ?? new Uint8Array();
        const at = Math.floor(cut * whole.length);
        const first = await collectAll(importer.parse({ relPath: run.relPath, files: [t.file], readFile: async () => whole.subarray(0, at) }, new AbortController().signal));
        const point = first.find((r) => r.kind === 'resume-point' && r.file === t.file);
        if (point?.kind !== 'resume-point') return; // a corrupt file gives none: it is read whole again
        const tail = applyMutations(whole.subarray(point.offset), ops, corpus.donors);
        const bytes = new Uint8Array(point.offset + tail.length);
        bytes.set(whole.subarray(0, point.offset));
        bytes.set(tail, point.offset);
        const { kind: _k, file: _f, ...from } = point;
        await resumeChecked(importer, resumeSource(run, t.file, bytes, from), t.file, bytes.length);
      },
      { weight: 1, limitMs: HARNESS_LIMIT_MS },
    );
  }, FUZZ_TIMEOUT_MS);

  // The host stores what a read gave (offsets and line counts are never negative); the state may be an older version's.
  it('resuming from any offset with any stored state never throws', async () => {
    await fuzz(
      fc.record({ format: formatArb, target: fc.nat(), offset: fc.double({ min: 0, max: 1, noNaN: true }), linesBefore: fc.option(fc.nat({ max: 1_000_000 })), state: fc.option(jsonValueArb()) }),
      async ({ format, target, offset, linesBefore, state }) => {
        const corpus = corpora.get(format) as Corpus;
        const t = corpus.targets[target % corpus.targets.length] as FuzzTarget;
        const run = corpus.runs[t.run] as FuzzRun;
        const bytes = run.files.get(t.file) ?? new Uint8Array();
        const from = { offset: Math.floor(offset * bytes.length), ...(linesBefore === null ? {} : { linesBefore }), ...(state === null ? {} : { state: state as Json as ResumeState }) };
        await resumeChecked(importerFor(format), resumeSource(run, t.file, bytes, from), t.file, bytes.length);
      },
      { weight: 1, limitMs: HARNESS_LIMIT_MS },
    );
  }, FUZZ_TIMEOUT_MS);
});
