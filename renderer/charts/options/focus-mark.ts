import type { LineSeriesOption } from 'echarts/charts';
import type { ChartColors } from './curves';
import { noteLabel } from './note-marks';

/** The step a chart was opened at (a checkpoint from Review): a solid line with the checkpoint's name. */
export interface FocusMark {
  readonly step: number;
  readonly label: string;
}

export const FOCUS_COLOR = '#bf8700';

/** One series holding the mark (no points of its own). The label goes through `noteLabel`: run names are user text. */
export function focusSeries(focus: FocusMark, colors: ChartColors): LineSeriesOption {
  return {
    id: 'focus',
    name: 'focus',
    type: 'line',
    data: [],
    silent: true,
    z: 6,
    markLine: {
      symbol: 'none',
      animation: false,
      silent: true,
      data: [{ name: focus.label, xAxis: focus.step, lineStyle: { color: FOCUS_COLOR, type: 'solid', width: 1.5 }, label: { formatter: noteLabel(focus.label), color: colors.text, position: 'insideEndTop', fontSize: 11 } }],
    },
  };
}
