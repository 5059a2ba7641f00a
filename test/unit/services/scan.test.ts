import { describe, expect, it } from 'vitest';
import type { DirNode, Importer } from '../../../shared/importers/importer';
import { indexFiles, scanTree } from '../../../main/services/scan';

const dir = (relPath: string, files: string[], dirs: DirNode[] = []): DirNode => ({
  relPath,
  name: relPath.split('/').pop() ?? '',
  files: files.map((name) => ({ name, size: 10, mtimeMs: 1 })),
  dirs,
});

function fakeImporter(id: 'tensorboard' | 'hf-trainer', match: (d: DirNode) => string[] | null, confidence: number): Importer {
  return {
    id,
    version: 1,
    async detect(d) {
      const files = match(d);
      return files ? { confidence, files } : null;
    },
    async *parse() {},
  };
}

const withPrefix = (d: DirNode, names: string[]) => names.map((n) => (d.relPath === '' ? n : `${d.relPath}/${n}`));

describe('scanTree', () => {
  const tree = dir('', [], [
    dir('out', ['trainer_state.json'], [
      dir('out/checkpoint-100', ['trainer_state.json']),
      dir('out/runs/Dec01', ['events.out.tfevents.1']),
    ]),
  ]);
  const hf = fakeImporter('hf-trainer', (d) => {
    const own = d.files.some((f) => f.name === 'trainer_state.json') ? withPrefix(d, ['trainer_state.json']) : [];
    const cps = d.dirs.filter((c) => c.name.startsWith('checkpoint-')).map((c) => `${c.relPath}/trainer_state.json`);
    const all = [...cps, ...own];
    return all.length ? all : null;
  }, 0.95);
  const tb = fakeImporter('tensorboard', (d) => (d.files.some((f) => f.name.includes('tfevents')) ? withPrefix(d, d.files.map((f) => f.name)) : null), 0.9);

  it('folds checkpoint folders into the run that holds them and keeps nested TensorBoard runs apart', async () => {
    const { claims, ties } = await scanTree(tree, [hf, tb], async () => new Uint8Array());
    expect(claims.map((c) => [c.relPath, c.importer.id, c.files])).toEqual([
      ['out', 'hf-trainer', ['out/checkpoint-100/trainer_state.json', 'out/trainer_state.json']],
      ['out/runs/Dec01', 'tensorboard', ['out/runs/Dec01/events.out.tfevents.1']],
    ]);
    expect(ties).toEqual([]);
  });

  it('lets the more confident importer win and reports equal-confidence ties', async () => {
    const t = dir('', ['a.csv']);
    const low = fakeImporter('tensorboard', () => ['a.csv'], 0.3);
    const high = fakeImporter('hf-trainer', () => ['a.csv'], 0.8);
    expect((await scanTree(t, [low, high], async () => new Uint8Array())).claims.map((c) => c.importer.id)).toEqual(['hf-trainer']);
    const same = await scanTree(t, [fakeImporter('tensorboard', () => ['a.csv'], 0.5), fakeImporter('hf-trainer', () => ['a.csv'], 0.5)], async () => new Uint8Array());
    expect(same.claims.map((c) => c.importer.id)).toEqual(['tensorboard']);
    expect(same.ties).toEqual([{ relPath: '', formats: ['tensorboard', 'hf-trainer'] }]);
  });

  it('indexes every file by relative path', () => {
    expect([...indexFiles(tree).keys()].sort()).toEqual([
      'out/checkpoint-100/trainer_state.json',
      'out/runs/Dec01/events.out.tfevents.1',
      'out/trainer_state.json',
    ]);
  });
});

describe('scanTree with several runs in one file', () => {
  it('keeps every run one detect call found in a shared file, and still refuses other claims on it', async () => {
    const t = dir('', ['mlflow.db']);
    const multi: Importer = {
      id: 'hf-trainer',
      version: 1,
      async detect() {
        return [
          { confidence: 0.95, files: ['mlflow.db'], runPath: 'mlflow.db/0/aaa' },
          { confidence: 0.95, files: ['mlflow.db'], runPath: 'mlflow.db/0/bbb' },
        ];
      },
      async *parse() {},
    };
    const other = fakeImporter('tensorboard', () => ['mlflow.db'], 0.3);
    const { claims } = await scanTree(t, [multi, other], async () => new Uint8Array());
    expect(claims.map((c) => [c.relPath, c.importer.id])).toEqual([['mlflow.db/0/aaa', 'hf-trainer'], ['mlflow.db/0/bbb', 'hf-trainer']]);
  });
});

describe('scanTree run paths', () => {
  it('gives a second run at the same path (another format, other files) a suffix so run ids stay unique', async () => {
    const t = dir('out', ['trainer_state.json', 'events.out.tfevents.1']);
    const hf = fakeImporter('hf-trainer', () => ['out/trainer_state.json'], 0.95);
    const tb = fakeImporter('tensorboard', () => ['out/events.out.tfevents.1'], 0.9);
    const { claims } = await scanTree(t, [hf, tb], async () => new Uint8Array());
    expect(claims.map((c) => [c.relPath, c.importer.id])).toEqual([['out', 'hf-trainer'], ['out [tensorboard]', 'tensorboard']]);
  });
});
