import type { MarkAreaComponentOption, MarkLineComponentOption } from 'echarts/components';
import type { Finding, FindingKind } from '../../../shared/analysis/findings/types';
import { escapeHtml } from '../escape';

/**
 * Findings for one metric's chart as ECharts mark entries, to attach to a run's line series: a vertical line where a
 * finding is pinned (best checkpoint, spike peak, first NaN, divergence onset) and a shaded area over the region it
 * covers. Pure data in, option out; tooltip text is HTML in ECharts, so every string from the data is escaped.
 */

export const FINDING_COLORS: Record<FindingKind, string> = {
  overfitting: '#bf8700',
  spike: '#cf222e',
  'non-finite': '#8250df',
  divergence: '#a40e26',
  plateau: '#6e7781',
  checkpoint: '#953800',
  failure: '#d1242f',
};

/** The short label drawn on a finding's line. */
export function findingLabel(f: Finding): string {
  switch (f.kind) {
    case 'overfitting':
      return `best ${f.step}`;
    case 'spike':
      return 'spike';
    case 'non-finite':
      return 'NaN/Inf';
    case 'divergence':
      return 'diverged';
    case 'plateau':
      return 'plateau';
    case 'checkpoint':
      return 'bad checkpoint';
    case 'failure':
      return f.title.startsWith('Root cause') ? '✖ failure' : '✖';
  }
}

export interface FindingMarks {
  readonly markLine: MarkLineComponentOption;
  readonly markArea: MarkAreaComponentOption;
}

export interface FindingMarkOptions {
  /** Where a step is drawn on the x axis (null: not drawable, the finding is left out). Default: the step itself. */
  readonly toX?: (step: number) => number | null;
  /** The run the marks belong to: a failure's mark carries it with its log line, so a click can open that log. */
  readonly runId?: string;
}

/** What a failure mark carries for "open the log at that line". */
export interface MarkLogRef {
  readonly runId: string;
  readonly file: string;
  readonly line: number;
}

/** The log reference of a clicked mark's data item, if it has one. */
export function markLogRef(item: unknown): MarkLogRef | null {
  if (typeof item !== 'object' || item === null || !('log' in item)) return null;
  const log = (item as { log: unknown }).log;
  if (typeof log !== 'object' || log === null) return null;
  const { runId, file, line } = log as Record<string, unknown>;
  return typeof runId === 'string' && typeof file === 'string' && typeof line === 'number' ? { runId, file, line } : null;
}

/** The failures on `metric`'s chart that point at a log line, per run: what the chart's pins open. */
export function failureLogMarks(metric: string, findings: ReadonlyMap<string, readonly Finding[]>): { key: string; step: number; title: string; severity: string; log: MarkLogRef }[] {
  const out: { key: string; step: number; title: string; severity: string; log: MarkLogRef }[] = [];
  for (const [runId, fs] of findings) {
    for (const f of findingsForMetric(metric, fs)) {
      if (f.kind !== 'failure' || !f.log) continue;
      out.push({ key: `${runId}:${f.log.file}:${f.log.line}`, step: f.step, title: f.title, severity: f.severity, log: { runId, file: f.log.file, line: f.log.line } });
    }
  }
  return out;
}

/** Findings that belong on `metric`'s chart: those drawn on it, and overfitting on its training counterpart too. */
export function findingsForMetric(metric: string, findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.metric === metric || (f.kind === 'overfitting' && f.metrics.includes(metric)));
}

/** Tooltip of a mark: its finding's title (the item name), escaped, since ECharts renders tooltips as HTML. */
export function markTooltip(p: unknown): string {
  const name = typeof p === 'object' && p !== null && 'name' in p && typeof p.name === 'string' ? p.name : '';
  return `<b>${escapeHtml(name)}</b>`;
}

export function findingMarks(metric: string, findings: readonly Finding[], opts: FindingMarkOptions = {}): FindingMarks | null {
  const toX = opts.toX ?? ((s: number) => s);
  const lines: NonNullable<MarkLineComponentOption['data']> = [];
  const areas: NonNullable<MarkAreaComponentOption['data']> = [];
  for (const f of findingsForMetric(metric, findings)) {
    const color = FINDING_COLORS[f.kind];
    const at = toX(f.step);
    const from = toX(f.stepStart);
    const to = toX(f.stepEnd);
    // Plateaus are regions, not moments: shaded only.
    if (at !== null && f.kind !== 'plateau') {
      const item = {
        name: f.title,
        xAxis: at,
        lineStyle: { color, type: f.kind === 'overfitting' ? 'solid' : 'dashed', width: f.kind === 'failure' ? 2 : 1.5 },
        label: { formatter: findingLabel(f), color, position: 'insideEndTop' },
        // Extra data on the item: ECharts hands it back in the click event (markLogRef).
        ...(f.log && opts.runId !== undefined ? { log: { runId: opts.runId, file: f.log.file, line: f.log.line } } : {}),
      };
      lines.push(item as (typeof lines)[number]);
    }
    if (from !== null && to !== null && to > from) {
      areas.push([
        { name: f.title, xAxis: from, itemStyle: { color, opacity: f.kind === 'plateau' ? 0.06 : 0.1 } },
        { xAxis: to },
      ]);
    }
  }
  if (lines.length === 0 && areas.length === 0) return null;
  return {
    markLine: { symbol: 'none', animation: false, silent: false, tooltip: { formatter: markTooltip }, data: lines },
    markArea: { animation: false, silent: false, label: { show: false }, tooltip: { formatter: markTooltip }, data: areas },
  };
}
