import { describe, expect, it } from 'vitest';
import { mlflowRunMeta, mlflowStatus } from '../../../../main/importers/mlflow/run-meta';

describe('mlflow run-meta (both stores)', () => {
  it('maps proto numbers (meta.yaml) and names (runs.status) alike', () => {
    expect(['1', '2', '3', '4', '5'].map(mlflowStatus)).toEqual(['running', 'unknown', 'finished', 'crashed', 'killed']);
    expect(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'].map(mlflowStatus)).toEqual(['running', 'unknown', 'finished', 'crashed', 'killed']);
    expect(mlflowStatus(3)).toBe('finished');
    expect(mlflowStatus(null)).toBe('unknown');
    expect(mlflowStatus('PAUSED')).toBe('unknown');
  });

  it('the mlflow.runName tag wins over the stored name; an empty stored name is no name; times in seconds', () => {
    expect(mlflowRunMeta({ tags: { 'mlflow.runName': 'tagged' }, runName: 'stored', status: 'FAILED', startTimeMs: 1500, endTimeMs: 2500 })).toEqual({ kind: 'run-meta', name: 'tagged', status: 'crashed', wallStartSec: 1.5, wallEndSec: 2.5 });
    expect(mlflowRunMeta({ tags: {}, runName: 'stored' })).toEqual({ kind: 'run-meta', name: 'stored', status: 'unknown' });
    expect(mlflowRunMeta({ tags: {}, runName: '', startTimeMs: null })).toEqual({ kind: 'run-meta', status: 'unknown' });
  });
});
