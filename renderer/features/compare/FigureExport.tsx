import type { EChartsCoreOption } from 'echarts/core';
import { useState } from 'react';
import type { ImageSize } from '../curves/chart-image';
import { renderPng, renderSvg } from '../curves/chart-image';
import { downloadBlob, safeFileName } from '../curves/download';

export interface FigureExportProps {
  /** File name stem and menu label. */
  readonly name: string;
  /** The figure in print form (white, no tooltip, a title): built when asked, so it matches the screen at that moment. */
  readonly figure: () => EChartsCoreOption;
  readonly size: ImageSize;
  readonly testId: string;
}

/** PNG and SVG buttons for a chart of the comparison view: the same option, printed. */
export function FigureExport({ name, figure, size, testId }: FigureExportProps) {
  const [error, setError] = useState<string | null>(null);
  const save = (kind: 'png' | 'svg') => async () => {
    setError(null);
    try {
      const option = figure();
      const blob = kind === 'png' ? await renderPng(option, size) : new Blob([renderSvg(option, size)], { type: 'image/svg+xml' });
      downloadBlob(safeFileName(name, kind), blob);
    } catch (err) {
      setError(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return (
    <span className="figure-export" data-testid={testId}>
      <button type="button" className="link small" onClick={() => void save('png')()}>
        PNG
      </button>
      <button type="button" className="link small" onClick={() => void save('svg')()}>
        SVG
      </button>
      {error && <span className="error-text small">{error}</span>}
    </span>
  );
}
