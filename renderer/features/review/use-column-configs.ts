import { useMemo } from 'react';
import { configNumber, METRIC_KEY_PREFIX } from '../../../shared/analysis/review/config-diff';
import type { RunConfigEntry } from '../../../shared/domain/run-config';
import { useCheckpointConfigs, useConfigs, useMetrics } from '../../data/queries';
import type { ReviewColumn } from './review-columns';

/**
 * The config rows of the columns: whole runs from the library, checkpoints from their folders. With a checkpoint in
 * view, each whole run also shows its metrics' last values, to line up with the checkpoints' values at their steps.
 */
export function useColumnConfigs(columns: readonly ReviewColumn[]): { entries: RunConfigEntry[] | null; error: Error | null } {
  const runCols = useMemo(() => columns.filter((c) => c.checkpoint === null), [columns]);
  const cpCols = useMemo(() => columns.filter((c) => c.checkpoint !== null), [columns]);
  const runIds = useMemo(() => runCols.map((c) => c.run.id), [runCols]);
  const configs = useConfigs(runIds);
  const cps = useCheckpointConfigs(useMemo(() => cpCols.map((c) => ({ runId: c.run.id, path: c.checkpoint?.path ?? '' })), [cpCols]));
  const metrics = useMetrics(cpCols.length > 0 ? runIds : []);
  return useMemo(() => {
    const error = configs.error ?? cps.error ?? metrics.error ?? null;
    if ((runIds.length > 0 && !configs.data) || (cpCols.length > 0 && !cps.data) || (cpCols.length > 0 && runIds.length > 0 && !metrics.data)) return { entries: null, error };
    const colOfRun = new Map(runCols.map((c) => [c.run.id, c.key]));
    const out: RunConfigEntry[] = [];
    for (const e of configs.data ?? []) {
      const key = colOfRun.get(e.runId);
      if (key !== undefined) out.push({ ...e, runId: key });
    }
    if (cpCols.length > 0) {
      for (const m of metrics.data ?? []) {
        const key = colOfRun.get(m.runId);
        if (key !== undefined && m.lastValue !== null) out.push({ runId: key, origin: 'metrics (last)', key: `${METRIC_KEY_PREFIX}${m.name}`, value: configNumber(m.lastValue) });
      }
    }
    cpCols.forEach((c, i) => {
      for (const e of cps.data?.[i] ?? []) out.push({ ...e, runId: c.key });
    });
    return { entries: out, error };
  }, [configs.data, configs.error, cps.data, cps.error, metrics.data, metrics.error, runCols, cpCols, runIds]);
}
