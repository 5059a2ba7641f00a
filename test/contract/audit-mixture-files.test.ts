import { mkdir, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditMixture } from '../../shared/analysis/audit/mixture';
import { findMixtures } from '../../main/services/audit/mixture-files';
import { tempDir } from '../helpers/paths';

/**
 * Layout (root = the folder the user opened; `outside` is beside it):
 *
 *   outside/data_mixture.json, outside/secret.jsonl
 *   root/data_mixture.yaml                        ← project-wide, shadowed by the nearer one for runs below project/
 *   root/project/data_mixture.yaml                ← parent of the runs
 *   root/project/data/dataset_info.json           ← LLaMA-Factory `dataset_dir: data`
 *   root/project/data/{a.jsonl, b.json, shards/, leak.jsonl → outside/secret.jsonl}
 *   root/project/saves/run1/data_mixture.json     → outside/data_mixture.json (symlink, must be ignored)
 *   root/project/saves/run1/README.md             ← a dataset card
 *   root/project/README.md                        ← a dataset card above the run (only the run folder's is read)
 */
let t: { dir: string; cleanup: () => Promise<void> };
let root: string;
let project: string;
let run1: string;

const write = async (p: string, text: string) => {
  await mkdir(path.dirname(p), { recursive: true });
  await writeFile(p, text);
};
const jsonl = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ instruction: `q${i}`, output: `a${i}` })).join('\n\n') + '\n';
const card = (front: string) => `---\n${front}\n---\n# Card\n`;
const lfConfig = (dataset: unknown, datasetDir: unknown = 'data') => [
  { key: 'model_name_or_path', value: 'Qwen/Qwen2.5-7B' },
  { key: 'dataset', value: dataset },
  { key: 'dataset_dir', value: datasetDir },
];

beforeEach(async () => {
  t = await tempDir('runlens-mixture-');
  root = path.join(t.dir, 'root');
  project = path.join(root, 'project');
  run1 = path.join(project, 'saves', 'run1');
  await mkdir(run1, { recursive: true });
  const outside = path.join(t.dir, 'outside');
  await write(path.join(outside, 'data_mixture.json'), JSON.stringify({ sources: [{ name: 'evil', domain: 'x', synthetic: true, tokens: 1 }] }));
  await write(path.join(outside, 'secret.jsonl'), jsonl(1000));

  await write(path.join(root, 'data_mixture.yaml'), 'sources:\n  - { name: top, domain: t, tokens: 1 }\n');
  await write(
    path.join(project, 'data_mixture.yaml'),
    `unit: tokens
caps: { math: 0.5 }
sources:
  - { name: openmath, domain: math, generator: qwen2.5-72b, tokens: 600M }
  - { name: gsm8k, domain: math, tokens: 400M }
`,
  );
  const info = {
    a: { file_name: 'a.jsonl', domain: 'math', generator: 'gpt-4o' },
    b: { file_name: 'b.json', domain: 'math' },
    c: { file_name: 'shards', domain: 'code', synthetic: true },
    sized: { file_name: 'missing.jsonl', domain: 'code', num_samples: 10 },
    leak: { file_name: 'leak.jsonl', domain: 'math' },
    parquet: { file_name: 'p.parquet', domain: 'math' },
    huge: { file_name: 'huge.jsonl', domain: 'math' },
    broken: { file_name: 'broken.json', domain: 'math' },
    demo_catalogue_entry: { hf_hub_url: 'llamafactory/demo' },
  };
  const data = path.join(project, 'data');
  await write(path.join(data, 'dataset_info.json'), JSON.stringify(info, null, 2));
  await write(path.join(data, 'a.jsonl'), jsonl(7)); // 7 rows with blank lines between them
  await write(path.join(data, 'b.json'), JSON.stringify([{ q: 1 }, { q: 2 }, { q: 3 }]));
  await write(path.join(data, 'shards', '0.jsonl'), jsonl(2));
  await write(path.join(data, 'shards', '1.json'), JSON.stringify([{}, {}, {}]));
  await write(path.join(data, 'shards', 'notes.txt'), 'not data\n');
  await write(path.join(data, 'p.parquet'), 'PAR1');
  await write(path.join(data, 'huge.jsonl'), '');
  await truncate(path.join(data, 'huge.jsonl'), 257 * 1024 * 1024); // sparse: large on paper, cheap on disk
  await write(path.join(data, 'broken.json'), '[{"a": 1},');
  await symlink(path.join(outside, 'secret.jsonl'), path.join(data, 'leak.jsonl'));
  await symlink(path.join(outside, 'data_mixture.json'), path.join(run1, 'data_mixture.json'));

  await write(path.join(run1, 'README.md'), card('pretty_name: Distilled chat\ndomain: chat\ntags: [synthetic]\nsource_model: gpt-4o'));
  await write(path.join(project, 'README.md'), card('pretty_name: Project\ndomain: p\nannotations_creators: [machine-generated]'));
});

afterEach(async () => {
  await t.cleanup();
});

describe('findMixtures', () => {
  it('reads the nearest data_mixture, the dataset_info the run named, and the run folder\'s dataset card', async () => {
    const found = await findMixtures(root, run1, lfConfig('a,b'));
    expect(found.map((m) => [m.format, m.file])).toEqual([
      ['data-mixture', 'project/data_mixture.yaml'], // the symlink in run1 leads outside and is ignored; root's is shadowed
      ['llama-factory', 'project/data/dataset_info.json'],
      ['dataset-card', 'project/saves/run1/README.md'],
    ]);
    const [mixture, lf, readme] = found;

    expect(mixture?.unit).toBe('tokens');
    expect(mixture?.caps).toEqual({ math: 0.5 });
    expect(mixture?.sources.map((s) => [s.source, s.size, s.synthetic])).toEqual([['openmath', 6e8, true], ['gsm8k', 4e8, false]]);

    // a.jsonl has 7 non-empty lines, b.json a 3-element array: math is 7 / 10 synthetic.
    expect(lf?.unit).toBe('rows');
    expect(lf?.sources.map((s) => [s.source, s.domain, s.synthetic, s.generator, s.size])).toEqual([
      ['a', 'math', true, 'gpt-4o', 7],
      ['b', 'math', false, null, 3],
    ]);
    expect(lf?.warnings).toEqual([]);
    const { audit, findings } = auditMixture('r1', lf ?? { file: '', format: 'llama-factory', unit: 'rows', sources: [], caps: {}, warnings: [] }, { cap: 0.3, caps: {} });
    expect(audit.domains[0]).toMatchObject({ domain: 'math', realSize: 3, syntheticSize: 7, breach: true });
    expect(audit.domains[0]?.share).toBeCloseTo(0.7, 12);
    expect(findings[0]?.evidence).toContain('project/data/dataset_info.json');

    expect(readme?.sources).toEqual([{ source: 'Distilled chat', domain: 'chat', synthetic: true, generator: 'gpt-4o', size: 1, epochs: 1 }]);
  });

  it('accepts the dataset list as an array or as the JSON text a flattened config holds; counts folders of shards', async () => {
    for (const dataset of [['a', 'c', 'sized'], '["a","c","sized"]', ' a , c,sized ']) {
      const lf = (await findMixtures(root, run1, lfConfig(dataset))).find((m) => m.format === 'llama-factory');
      expect(lf?.sources.map((s) => [s.source, s.size])).toEqual([['a', 7], ['c', 5], ['sized', 10]]); // shards: 2 + 3; sized: num_samples wins
    }
  });

  it('never reads data outside the root, through symlinks or dataset_dir, and warns about rows it cannot count', async () => {
    const lf = (await findMixtures(root, run1, lfConfig('leak,parquet,huge,broken,nope'))).find((m) => m.format === 'llama-factory');
    expect(lf?.sources).toEqual([]);
    const w = lf?.warnings.join('\n') ?? '';
    expect(w).toContain('Dataset `leak`: `leak.jsonl` is missing or lies outside the dataset_info.json folder; rows not counted.');
    expect(w).toContain('Dataset `parquet`: project/data/p.parquet: rows of .parquet files are not counted');
    expect(w).toContain('Dataset `huge`: project/data/huge.jsonl is larger than 256 MB; rows not counted.');
    expect(w).toContain('Dataset `broken`: project/data/broken.json does not parse as JSON');
    expect(w).toContain('Dataset `nope` is not in project/data/dataset_info.json; skipped.');
    expect(w).not.toContain('1000');

    // A dataset_dir leading out of the root is refused: no dataset_info is read (there is none beside the run either).
    const outsideInfo = path.join(t.dir, 'outside', 'data');
    await write(path.join(outsideInfo, 'dataset_info.json'), JSON.stringify({ a: { num_samples: 5 } }));
    for (const dir of [outsideInfo, '../../../../outside/data']) {
      expect((await findMixtures(root, run1, lfConfig('a', dir))).map((m) => m.format)).toEqual(['data-mixture', 'dataset-card']);
    }
    // A run folder reached through a symlink that leads outside is not audited at all.
    await symlink(path.join(t.dir, 'outside'), path.join(root, 'escape'));
    expect(await findMixtures(root, path.join(root, 'escape'), [])).toEqual([]);
  });

  it('without a `dataset` config no dataset_info is read; with dataset_dir unset the LLaMA-Factory default `data` is used', async () => {
    expect((await findMixtures(root, run1, [])).map((m) => m.format)).toEqual(['data-mixture', 'dataset-card']);
    const lf = (await findMixtures(root, run1, [{ key: 'dataset', value: 'b' }])).find((m) => m.format === 'llama-factory');
    expect(lf?.sources.map((s) => s.size)).toEqual([3]);
    expect((await findMixtures(root, run1, lfConfig('b', 'ONLINE'))).map((m) => m.format)).toEqual(['data-mixture', 'dataset-card']);
  });

  it('the nearest description wins, nothing above the source root is read, and README cards are read only in the run folder', async () => {
    await write(path.join(run1, 'data_mixture.yml'), 'sources: [{ name: own, domain: d, rows: 3 }]\n');
    expect((await findMixtures(root, run1, []))[0]?.file).toBe('project/saves/run1/data_mixture.yml');

    // Opening project/ as the root: root/data_mixture.yaml above it is out of reach, and paths are relative to project/.
    const run2 = path.join(project, 'saves', 'run2');
    await mkdir(run2, { recursive: true });
    const fromProject = await findMixtures(project, run2, lfConfig('b'));
    expect(fromProject.map((m) => m.file)).toEqual(['data_mixture.yaml', 'data/dataset_info.json']); // no README in run2

    // A run folder with no description anywhere up to the root.
    const lone = path.join(t.dir, 'lone', 'run');
    await mkdir(lone, { recursive: true });
    expect(await findMixtures(path.join(t.dir, 'lone'), lone, [])).toEqual([]);
    // The run folder given relative to the root.
    expect((await findMixtures(root, 'project/saves/run1', [])).map((m) => m.file)).toEqual(['project/saves/run1/data_mixture.yml', 'project/saves/run1/README.md']);
  });

  it('a description that does not parse becomes an input with a warning, not an error', async () => {
    await write(path.join(run1, 'data_mixture.yaml'), 'sources: [ { name: a, domain: \n');
    await write(path.join(project, 'data', 'dataset_info.json'), '{ "a": ');
    const found = await findMixtures(root, run1, lfConfig('a'));
    expect(found.map((m) => [m.file, m.sources.length])).toEqual([
      ['project/saves/run1/data_mixture.yaml', 0],
      ['project/data/dataset_info.json', 0],
      ['project/saves/run1/README.md', 1],
    ]);
    expect(found[0]?.warnings[0]).toMatch(/^project\/saves\/run1\/data_mixture\.yaml does not parse: /);
    expect(found[1]?.warnings[0]).toMatch(/^project\/data\/dataset_info\.json does not parse: /);
  });
});
