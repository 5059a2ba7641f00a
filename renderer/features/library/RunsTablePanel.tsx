import { useMemo, useState } from 'react';
import { useConfigs, useMetrics } from '../../data/queries';
import type { ColumnData, ExtraColumn } from './run-columns';
import { indexConfigs, indexMetrics } from './run-columns';
import type { RunsTableProps } from './RunsTable';
import { RunsTable } from './RunsTable';

/** The host's limit on runs per config or metric request; past it, extra columns stay empty for the rest. */
const MAX_COLUMN_RUNS = 2000;

type PanelProps = Omit<RunsTableProps, 'extraColumns' | 'columnData' | 'isColumnDataLoading' | 'onColumnsChange' | 'onColumnsMenuOpen'>;

/**
 * The runs table with its user-added columns: holds which columns are shown and fetches the runs' configs and metric
 * summaries, but only once the Columns menu has been opened (most sessions never add a column).
 */
export function RunsTablePanel(p: PanelProps) {
  const [columns, setColumns] = useState<readonly ExtraColumn[]>([]);
  const [isWanted, setWanted] = useState(false);
  const ids = useMemo(() => (isWanted || columns.length > 0 ? p.runs.slice(0, MAX_COLUMN_RUNS).map((r) => r.id) : []), [isWanted, columns.length, p.runs]);
  const configsQ = useConfigs(ids);
  const metricsQ = useMetrics(ids);
  const data: ColumnData = useMemo(() => ({ configs: indexConfigs(configsQ.data ?? []), metrics: indexMetrics(metricsQ.data ?? []) }), [configsQ.data, metricsQ.data]);
  return (
    <RunsTable
      {...p}
      extraColumns={columns}
      columnData={data}
      isColumnDataLoading={configsQ.isFetching || metricsQ.isFetching}
      onColumnsChange={setColumns}
      onColumnsMenuOpen={() => setWanted(true)}
    />
  );
}
