import type { LineSeriesOption } from 'echarts/charts';
import type { Annotation } from '../../../shared/domain/annotation';
import { escapeHtml } from '../escape';
import type { ChartColors } from './curves';

/**
 * The user's notes on one metric's chart (issue 7) as ECharts marks: a dashed line at a step, a shaded area over a step
 * range. Drawn by the same builder on screen and in reports, so both show the same notes.
 */

export interface ChartNote {
  readonly id: string;
  readonly step: number;
  readonly stepEnd: number | null;
  readonly text: string;
  readonly runId: string | null;
}

export const NOTE_COLOR = '#0969da';
/** Characters of a note drawn on the chart; the tooltip has all of it. */
const LABEL_CHARS = 28;

/** This chart's notes, by step. */
export function notesForChart(annotations: readonly Annotation[], metric: string): ChartNote[] {
  const out: ChartNote[] = [];
  for (const a of annotations) {
    const t = a.target;
    if (t.kind === 'chart' && t.metric === metric) out.push({ id: a.id, step: t.step, stepEnd: t.stepEnd, text: a.text, runId: t.runId });
  }
  return out.sort((x, y) => x.step - y.step);
}

/**
 * ECharts reads `{name|text}` in label strings as rich-text markup and `{a}` as a template: a note's braces are shown
 * as parentheses on the chart so its text cannot restyle the label (the tooltip shows it exactly, escaped).
 */
export function noteLabel(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim().replace(/[{]/g, '(').replace(/[}]/g, ')');
  return flat.length > LABEL_CHARS ? `${flat.slice(0, LABEL_CHARS - 1)}…` : flat;
}

function noteTooltip(n: ChartNote, runName: (id: string) => string): string {
  const where = n.stepEnd === null ? `step ${n.step}` : `steps ${n.step}–${n.stepEnd}`;
  const run = n.runId === null ? '' : ` · ${escapeHtml(runName(n.runId))}`;
  return `<b>Note</b> at ${where}${run}<br/>${escapeHtml(n.text).replace(/\n/g, '<br/>')}`;
}

/** One series holding every note's mark (no points of its own); null when the chart has no notes. */
export function noteSeries(notes: readonly ChartNote[], colors: ChartColors, runName: (id: string) => string = (id) => id): LineSeriesOption | null {
  if (notes.length === 0) return null;
  const lines = notes.filter((n) => n.stepEnd === null);
  const areas = notes.filter((n) => n.stepEnd !== null);
  return {
    id: 'notes',
    name: 'notes',
    type: 'line',
    data: [],
    silent: false,
    z: 5,
    markLine: {
      symbol: 'none',
      animation: false,
      tooltip: { formatter: (p: unknown) => noteTooltip(lines[(p as { dataIndex: number }).dataIndex] ?? (lines[0] as ChartNote), runName) },
      data: lines.map((n) => ({ name: n.id, xAxis: n.step, lineStyle: { color: NOTE_COLOR, type: 'dashed', width: 1.5 }, label: { formatter: noteLabel(n.text), color: colors.text, position: 'insideEndTop', fontSize: 11 } })),
    },
    markArea: {
      animation: false,
      tooltip: { formatter: (p: unknown) => noteTooltip(areas[(p as { dataIndex: number }).dataIndex] ?? (areas[0] as ChartNote), runName) },
      itemStyle: { color: 'rgba(9, 105, 218, 0.10)', borderColor: NOTE_COLOR, borderWidth: 1, borderType: 'dashed' },
      label: { color: colors.text, position: 'insideTop', fontSize: 11 },
      data: areas.map((n) => [
        { name: noteLabel(n.text), xAxis: Math.min(n.step, n.stepEnd ?? n.step) },
        { xAxis: Math.max(n.step, n.stepEnd ?? n.step) },
      ]),
    },
  };
}
