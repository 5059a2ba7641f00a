import { describe, expect, it } from 'vitest';
import { buildChartCsv } from '../../../renderer/features/curves/chart-csv';
import { parseCsv } from '../../helpers/csv';
import { isFormulaCell, loadXssCorpus, spreadsheetRows } from '../../helpers/xss-library';
import { raw } from './fixtures';

/**
 * A chart's CSV export (issue 12 §4) with each XSS corpus payload as the metric name and as a run's name: opened in a
 * spreadsheet that splits on `,` or on the `;` of comma-decimal locales, no cell is a formula; the `#` comment line
 * keeps the cells of a plain name's (the metric adds none); the run column reads back as the name (guarded when it starts a formula).
 */

const corpus = loadXssCorpus();
const names = corpus.payloads.map((p) => p.text);
const series = names.map((_, i) => raw(`r${i}`, [0, 10], [1.5, -0.25]));
const runName = (id: string) => names[Number(id.slice(1))] ?? id;
/** Cells of the comment line for a plain metric name: what the app's own text makes of it. */
const plainComment = (sep: ',' | ';') => spreadsheetRows(buildChartCsv({ metric: 'loss', smoothing: { kind: 'ema', weight: 0.6 }, series, runName }), sep)[0]?.length;

describe('buildChartCsv over the XSS corpus', () => {
  for (const p of corpus.payloads) {
    it(`${p.id} as the metric name: the comment line keeps its shape, no formula cell under either separator`, () => {
      const csv = buildChartCsv({ metric: p.text, smoothing: { kind: 'ema', weight: 0.6 }, series, runName });
      const comment = csv.slice(0, csv.indexOf('\r\n'));
      expect(comment.startsWith('# metric: ')).toBe(true);
      // The metric's own text adds no record and no cell to the line (the app's own text has its fixed commas).
      for (const sep of [',', ';'] as const) {
        const cells = spreadsheetRows(`${comment}\r\n`, sep);
        expect(cells, `the comment line split on ${sep}`).toHaveLength(1);
        expect(cells[0]?.length, `cells of the comment line split on ${sep}`).toBe(plainComment(sep));
      }
      for (const sep of [',', ';'] as const) expect(spreadsheetRows(csv, sep).flat().filter(isFormulaCell), `separator ${sep}`).toEqual([]);
    });
  }

  it('every payload as a run name reads back in the run column, guarded where it would start a formula', () => {
    const rows = parseCsv(buildChartCsv({ metric: 'loss', smoothing: { kind: 'none' }, series, runName }));
    expect(rows[1]).toEqual(['run', 'step', 'value', 'smoothed']);
    const runs = new Set(rows.slice(2).map((r) => r[0]));
    for (const n of names) expect(runs.has(/^[=+\-@\t\r]/.test(n) ? `'${n}` : n), JSON.stringify(n)).toBe(true);
    // Values stay numbers, negative ones included.
    expect(rows[3]?.slice(1, 3)).toEqual(['10', '-0.25']);
  });
});
