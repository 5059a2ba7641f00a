import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { importers } from '../../../main/importers/registry';
import { indexFiles, scanTree } from '../../../main/services/scan';
import type { DirNode, Peek } from '../../../shared/importers/importer';
import { joinRel } from '../../../shared/importers/importer';
import { applyMutations, fuzz, FUZZ_TIMEOUT_MS, HARNESS_LIMIT_MS, mutationArb, textArb } from '../../helpers/fuzz';
import { loadCorpus } from './support/importer-fuzz';

/**
 * Detection runs on every folder a user adds, before any parse: each importer's `detect` looks at names and peeks at
 * the first bytes of files, and the scanner settles who claims what. Random trees of format file names (and any
 * names), with contents drawn from mutated fixture files, must scan without an exception, and every claim must name
 * files that are in the tree.
 */

/** Names the detectors look for, so random trees hit their branches. */
const NAMES = [
  'trainer_state.json', 'config.json', 'adapter_config.json', 'all_results.json', 'eval_results.json', 'events.out.tfevents.1.host', 'hparams.yaml',
  'metrics.csv', 'trainer_log.jsonl', 'training_args.yaml', 'meta.yaml', 'mlflow.db', 'mlflow.db-wal', 'metrics.json', 'params.yaml', 'dvc.yaml',
  'results_2024-01-01T00-00-00.json', 'samples_gsm8k_2024-01-01T00-00-00.jsonl', 'eval_results_01-20-2023-15-13-07.json', 'sweep.json', 'sweep.yaml',
  'run-abc.wandb', 'output.log', 'wandb-summary.json', 'config.yaml', 'train.log', 'stdout.txt', 'job.out', 'metrics.tsv', 'data.jsonl', 'table.csv', 'loss',
];
const DIRS = ['checkpoint-100', 'checkpoint-x', 'runs', 'lightning_logs', 'version_0', 'mlruns', '0', 'abc123', 'metrics', 'params', 'tags', 'files', 'wandb', 'run-20250101_000000-abc', 'dvclive', 'plots', 'alpha_0.5', 'alpha_1', 'results', '..', 'a b'];

interface TreeSpec {
  readonly files: readonly { readonly name: string; readonly content: number; readonly size: number }[];
  readonly dirs: readonly { readonly name: string; readonly tree: TreeSpec }[];
}

const fileArb = fc.record({ name: fc.oneof({ arbitrary: fc.constantFrom(...NAMES), weight: 5 }, { arbitrary: textArb(20).filter((n) => n !== '' && !n.includes('/')), weight: 1 }), content: fc.nat(), size: fc.nat({ max: 1 << 20 }) });

/** Trees up to `depth` folders deep. */
function treeArb(depth: number): fc.Arbitrary<TreeSpec> {
  const dirs = depth === 0 ? fc.constant([]) : fc.array(fc.record({ name: fc.constantFrom(...DIRS), tree: treeArb(depth - 1) }), { maxLength: 3 });
  return fc.record({ files: fc.array(fileArb, { maxLength: 6 }), dirs });
}

let contents: Uint8Array[] = [];
beforeAll(async () => {
  for (const imp of importers) {
    const folder = imp.id === 'sweep' ? null : imp.id;
    if (folder === null) continue;
    const c = await loadCorpus(imp, [folder]);
    contents.push(...c.donors.filter((d) => d.length < 64 * 1024).slice(0, 6));
  }
  contents = [new Uint8Array(), ...contents];
});

function build(spec: TreeSpec, relPath: string, name: string, content: (k: number) => Uint8Array, bytes: Map<string, Uint8Array>): DirNode {
  const seen = new Set<string>();
  const files = spec.files
    .filter((f) => !seen.has(f.name) && seen.add(f.name))
    .map((f) => {
      const b = content(f.content);
      bytes.set(joinRel(relPath, f.name), b);
      return { name: f.name, size: b.length, mtimeMs: 0 };
    });
  const dirs = spec.dirs.filter((d) => !seen.has(d.name) && seen.add(d.name)).map((d) => build(d.tree, joinRel(relPath, d.name), d.name, content, bytes));
  return { relPath, name, files, dirs };
}

describe('detect fuzz', () => {
  it('random trees with mutated fixture contents scan without an exception; claims name files of the tree', async () => {
    await fuzz(
      fc.record({ tree: treeArb(4), ops: fc.array(mutationArb({ maxRepeat: 16 }), { maxLength: 2 }), failPeek: fc.boolean() }),
      async ({ tree, ops, failPeek }) => {
        const bytes = new Map<string, Uint8Array>();
        const root = build(tree, '', 'root', (k) => applyMutations(contents[k % contents.length] ?? new Uint8Array(), ops, contents), bytes);
        const peek: Peek = async (rel, n) => {
          const b = bytes.get(rel);
          if (b === undefined || (failPeek && rel.length % 3 === 0)) throw new Error(`ENOENT: ${rel}`);
          return b.subarray(0, n);
        };
        for (const imp of importers) {
          const stack: DirNode[] = [root];
          while (stack.length > 0) {
            const dir = stack.pop() as DirNode;
            stack.push(...dir.dirs);
            const found = await imp.detect(dir, peek).catch((err: unknown) => {
              // A peek that fails is an I/O error the host reports; anything else thrown is a detector bug.
              if (!(failPeek && err instanceof Error && err.message.startsWith('ENOENT'))) throw err;
              return null;
            });
            const list = found === null ? [] : Array.isArray(found) ? found : [found];
            for (const d of list as { confidence: number; files: readonly string[] }[]) {
              expect(d.confidence).toBeGreaterThanOrEqual(0);
              expect(d.confidence).toBeLessThanOrEqual(1);
              for (const f of d.files) expect(bytes.has(f), `${imp.id} claims ${f}, not in the tree`).toBe(true);
            }
          }
        }
        if (!failPeek) {
          const { claims } = await scanTree(root, importers, peek);
          const all = indexFiles(root);
          for (const c of claims) for (const f of c.files) expect(all.has(f)).toBe(true);
        }
      },
      { weight: 1, limitMs: HARNESS_LIMIT_MS },
    );
  }, FUZZ_TIMEOUT_MS);
});
