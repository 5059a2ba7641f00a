import { describe, expect, it } from 'vitest';
import { mlflowImporter } from '../../../main/importers/mlflow';
import type { DirNode } from '../../../shared/importers/importer';
import type { ConfigRecord, RunMetaRecord, WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../helpers/importers';

const node = (relPath: string, files: string[], dirs: DirNode[] = []): DirNode => ({ relPath, name: relPath.split('/').pop() ?? '', files: files.map((n) => ({ name: n, size: 1, mtimeMs: 0 })), dirs });
const peek = async () => new Uint8Array();

describe('mlflow detect', () => {
  it('claims a run folder with its nested metric files, but not the experiment folder', async () => {
    const run = node('m/1/abc', ['meta.yaml'], [node('m/1/abc/metrics', ['Generator loss'], [node('m/1/abc/metrics/train', ['loss'])]), node('m/1/abc/params', ['lr']), node('m/1/abc/artifacts', ['model.pkl'])]);
    expect(await mlflowImporter.detect(run, peek)).toEqual({ confidence: 0.95, files: ['m/1/abc/meta.yaml', 'm/1/abc/metrics/Generator loss', 'm/1/abc/metrics/train/loss', 'm/1/abc/params/lr'] });
    expect(await mlflowImporter.detect(node('m/1', ['meta.yaml'], [run]), peek)).toBeNull();
  });
});

describe('mlflow parse', () => {
  const files = {
    'r/meta.yaml': 'run_name: qb\nstart_time: 1700000000000\nend_time: 1700000100000\nstatus: 5\n',
    'r/metrics/train/loss': '1700000000100 0.5 0\n1700000000200 nan 1\n1700000000300 0.25 2\n',
    'r/metrics/time/total timesteps': '1700000000100 100.0 0\n1700000000200 200.0 1\n17000000003',
    'r/params/lr': '0.001',
    'r/tags/mlflow.runName': 'qb-final',
  };
  it('reads metric lines as points with wall times, names with / and spaces, params, tags and status', async () => {
    const recs = await collect(mlflowImporter, memorySource(files, 'r'));
    const s = seriesOf(recs);
    expect(s.get('train/loss')?.steps).toEqual([0, 1, 2]);
    expect(Number.isNaN(s.get('train/loss')?.values[1])).toBe(true);
    expect(s.get('time/total timesteps')).toEqual({ steps: [0, 1], values: [100, 200] });
    expect(recs.find((r): r is ConfigRecord => r.kind === 'config' && r.origin === 'params')?.entries).toEqual({ lr: '0.001' });
    expect(recs.find((r): r is RunMetaRecord => r.kind === 'run-meta')).toMatchObject({ name: 'qb-final', status: 'killed', wallStartSec: 1700000000, wallEndSec: 1700000100 });
    expect(recs.find((r): r is WarningRecord => r.kind === 'warning')).toMatchObject({ file: 'r/metrics/time/total timesteps', offset: 44 });
  });

  it('at every cut of a metric file: no throw and a growing prefix', async () => {
    const text = files['r/metrics/train/loss'];
    let prev = 0;
    for (let cut = 0; cut <= text.length; cut++) {
      const recs = await collect(mlflowImporter, memorySource({ 'r/meta.yaml': 'status: 3\n', 'r/metrics/loss': text.slice(0, cut) }, 'r'));
      const n = seriesOf(recs).get('loss')?.steps.length ?? 0;
      expect(n).toBeGreaterThanOrEqual(prev);
      prev = n;
    }
    expect(prev).toBe(3);
  });
});
