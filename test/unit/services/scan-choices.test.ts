import { describe, expect, it } from 'vitest';
import { scanTree } from '../../../main/services/scan';
import type { DirNode, Importer } from '../../../shared/importers/importer';

const dir = (relPath: string, files: string[], dirs: DirNode[] = []): DirNode => ({
  relPath,
  name: relPath.split('/').pop() ?? '',
  files: files.map((name) => ({ name, size: 10, mtimeMs: 1 })),
  dirs,
});

/** Claims every `.log` file of a folder (with the folder as the run) at a fixed confidence. */
function claimsLogs(id: 'tensorboard' | 'lightning-csv' | 'raw-log', confidence: number): Importer {
  return {
    id,
    version: 1,
    async detect(d) {
      const files = d.files.filter((f) => f.name.endsWith('.log')).map((f) => (d.relPath === '' ? f.name : `${d.relPath}/${f.name}`));
      return files.length > 0 ? { confidence, files } : null;
    },
    async *parse() {},
  };
}

const peek = async () => new Uint8Array();
const tree = dir('', [], [dir('a', ['x.log']), dir('b', ['y.log'])]);
const formatsOf = (claims: readonly { relPath: string; importer: Importer }[]) => claims.map((c) => [c.relPath, c.importer.id]);

describe('scanTree with the user’s format choices', () => {
  const tb = claimsLogs('tensorboard', 0.9);
  const csv = claimsLogs('lightning-csv', 0.9);

  it('reads a tied folder with the chosen format, drops the other claim, and keeps the tie listed as chosen', async () => {
    const auto = await scanTree(tree, [tb, csv], peek);
    expect(formatsOf(auto.claims)).toEqual([['a', 'tensorboard'], ['b', 'tensorboard']]);
    expect(auto.ties).toEqual([
      { relPath: 'a', formats: ['tensorboard', 'lightning-csv'] },
      { relPath: 'b', formats: ['tensorboard', 'lightning-csv'] },
    ]);

    const chosen = await scanTree(tree, [tb, csv], peek, undefined, new Map([['a', 'lightning-csv']]));
    // Only the folder the choice names changes; its files are claimed once.
    expect(formatsOf(chosen.claims)).toEqual([['a', 'lightning-csv'], ['b', 'tensorboard']]);
    expect(chosen.claims.find((c) => c.relPath === 'a')?.files).toEqual(['a/x.log']);
    expect(chosen.ties).toEqual([
      { relPath: 'a', formats: ['tensorboard', 'lightning-csv'], chosen: 'lightning-csv' },
      { relPath: 'b', formats: ['tensorboard', 'lightning-csv'] },
    ]);
  });

  it('lets the choice win over a more confident claim, still listed so it can be changed back', async () => {
    const low = claimsLogs('raw-log', 0.5);
    expect(formatsOf((await scanTree(tree, [tb, low], peek)).claims)).toEqual([['a', 'tensorboard'], ['b', 'tensorboard']]);
    const r = await scanTree(tree, [tb, low], peek, undefined, new Map([['b', 'raw-log']]));
    expect(formatsOf(r.claims)).toEqual([['a', 'tensorboard'], ['b', 'raw-log']]);
    expect(r.ties).toEqual([{ relPath: 'b', formats: ['tensorboard', 'raw-log'], chosen: 'raw-log' }]);
  });

  it('ignores a choice of a format that does not claim the folder', async () => {
    const r = await scanTree(tree, [tb, csv], peek, undefined, new Map([['a', 'raw-log']]));
    expect(formatsOf(r.claims)).toEqual([['a', 'tensorboard'], ['b', 'tensorboard']]);
    expect(r.ties.every((t) => t.chosen === undefined)).toBe(true);
  });
});
