import type { EChartsCoreOption } from 'echarts/core';
import { EChart } from '../../charts/EChart';

/**
 * A figure of the report: SVG renderer (vector in the PDF, selectable labels) with its caption. The option comes
 * from the same builders as the screen, in print mode.
 */
export function PrintChart({ option, caption, label, height = 300, figure }: { option: EChartsCoreOption; caption: string; label: string; height?: number; figure: number }) {
  return (
    <figure className="report-figure" data-testid="report.figure">
      <EChart option={option} renderer="svg" height={height} label={label} />
      <figcaption>
        <strong>Figure {figure}.</strong> {caption}
      </figcaption>
    </figure>
  );
}
