import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lightningCsvImporter } from '../../../main/importers/lightning-csv';
import { splitCsv } from '../../../main/importers/lightning-csv/csv';
import type { DirNode } from '../../../shared/importers/importer';
import type { ConfigRecord, WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../helpers/importers';
import { fixturesDir } from '../../helpers/paths';

const dir = (name: string, files: string[]): DirNode => ({ relPath: `logs/${name}`, name, files: files.map((n) => ({ name: n, size: 1, mtimeMs: 0 })), dirs: [] });

describe('lightning-csv detect', () => {
  const peek = async () => new Uint8Array();
  it('claims metrics.csv with its hparams.yaml, and a version folder that died before logging', async () => {
    expect(await lightningCsvImporter.detect(dir('version_0', ['hparams.yaml', 'metrics.csv']), peek)).toEqual({ confidence: 0.9, files: ['logs/version_0/metrics.csv', 'logs/version_0/hparams.yaml'] });
    expect(await lightningCsvImporter.detect(dir('version_3', ['hparams.yaml']), peek)).toEqual({ confidence: 0.6, files: ['logs/version_3/hparams.yaml'] });
  });
  it('leaves a TensorBoardLogger folder (event files beside the YAML) to the TensorBoard importer', async () => {
    expect(await lightningCsvImporter.detect(dir('version_0', ['hparams.yaml', 'events.out.tfevents.1.h.1.0']), peek)).toBeNull();
    expect(await lightningCsvImporter.detect(dir('other', ['hparams.yaml']), peek)).toBeNull();
  });
});

describe('lightning-csv parse', () => {
  const csv = 'epoch,step,train_loss,val_loss\n0,49,2.5,\n0,99,nan,\n0,99,,2.25\n1,149,inf,\n';
  it('reads sparse rows: every non-empty cell is a point at its row step; nan/inf kept; epoch is a series', async () => {
    const s = seriesOf(await collect(lightningCsvImporter, memorySource({ 'r/metrics.csv': csv }, 'r')));
    expect(s.get('train_loss')?.steps).toEqual([49, 99, 149]);
    expect(s.get('train_loss')?.values.map(String)).toEqual(['2.5', 'NaN', 'Infinity']);
    expect(s.get('val_loss')).toEqual({ steps: [99], values: [2.25] });
    expect(s.get('epoch')?.values).toEqual([0, 0, 0, 1]);
    expect(s.has('step')).toBe(false);
  });

  it('uses the row index when there is no step column, and reads quoted cells', () => {
    expect(splitCsv('a,"b,c"\n1,"x ""y"""\n').rows).toEqual([['a', 'b,c'], ['1', 'x "y"']]);
  });

  it('reads hparams.yaml with Python tags as config', async () => {
    const recs = await collect(lightningCsvImporter, memorySource({ 'r/hparams.yaml': "lr: 0.1\nfn: !!python/name:__main__.f ''\ncfg:\n  layers: 6\n" }, 'r'));
    expect(recs.find((r): r is ConfigRecord => r.kind === 'config')?.entries).toMatchObject({ lr: 0.1, 'cfg.layers': 6 });
  });

  it('at every cut of a real file: no throw, a growing prefix, and a warning with the byte offset of an unfinished line', async () => {
    const real = readFileSync(path.join(fixturesDir, 'lightning-csv', 'BvoJa__GPTTT', 'lightning_logs', 'version_0', 'metrics.csv'));
    const lineEnds = [...real.entries()].filter(([, b]) => b === 0x0a).map(([i]) => i + 1);
    let prev = 0;
    for (let cut = 0; cut <= real.length; cut++) {
      const recs = await collect(lightningCsvImporter, memorySource({ 'r/metrics.csv': new Uint8Array(real.subarray(0, cut)) }, 'r'));
      const n = [...seriesOf(recs).values()].reduce((a, x) => a + x.steps.length, 0);
      expect(n).toBeGreaterThanOrEqual(prev);
      prev = n;
      const w = recs.find((r): r is WarningRecord => r.kind === 'warning' && r.offset !== null && r.offset > 0);
      if (cut > 0 && !lineEnds.includes(cut) && cut > (lineEnds[0] ?? 0)) expect(w, `cut ${cut}`).toMatchObject({ file: 'r/metrics.csv', offset: Math.max(...lineEnds.filter((e) => e <= cut)) });
    }
    expect(prev).toBe(24);
  });
});
