import fc from 'fast-check';
import { toColumn } from '../../../shared/domain/series';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../helpers/csv';
import { buildChartCsv, csvText } from '../../../renderer/features/curves/chart-csv';
import type { RunSeries } from '../../../shared/domain/series';
import { buckets, raw } from './fixtures';


const names = new Map([
  ['a', 'sft, "v2"'],
  ['b', '=HYPERLINK("http://evil","click")'],
  ['c', '-2+3'],
  ['d', '@SUM(A1)'],
]);
const runName = (id: string) => names.get(id) ?? id;

describe('csvText', () => {
  it('keeps formula-looking text as text and quotes what needs quoting', () => {
    expect(csvText('plain')).toBe('plain');
    expect(csvText('=1+1')).toBe("'=1+1");
    expect(csvText('+1')).toBe("'+1");
    expect(csvText('-1')).toBe("'-1");
    expect(csvText('@x')).toBe("'@x");
    expect(csvText('a,b')).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('line\nbreak')).toBe('"line\nbreak"');
  });

  it('any text reads back as itself (a formula start gains one leading quote) and never starts a formula', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const [row] = parseCsv(`${csvText(s)}\r\n`);
        expect(row).toHaveLength(1);
        const cell = row?.[0] ?? '';
        expect(cell).toBe(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
        expect(/^[=+\-@]/.test(cell)).toBe(false);
      }),
    );
  });
});

describe('buildChartCsv', () => {
  const rawA: RunSeries = { ...raw('a', [0, 10, 20, 30], [3, null, 2, null], [{ step: 10, kind: 'nan' }, { step: 30, kind: '-inf' }]), smoothed: toColumn([3, null, 2.5, null]) };
  const rawB: RunSeries = raw('b', [0, 5], [-1.5, 1e-7]);

  it('writes a comment line with the smoothing, a header and one row per point, non-finite values by kind', () => {
    const csv = buildChartCsv({ metric: 'train/loss', smoothing: { kind: 'ema', weight: 0.6 }, series: [rawA, rawB], runName });
    const rows = parseCsv(csv);
    expect(csv.startsWith('# metric: train/loss; smoothing: EMA 0.6 (TensorBoard, debiased); points: every point;')).toBe(true);
    expect(rows[1]).toEqual(['run', 'step', 'value', 'smoothed']);
    expect(rows.slice(2)).toEqual([
      ['sft, "v2"', '0', '3', '3'],
      ['sft, "v2"', '10', 'NaN', ''],
      ['sft, "v2"', '20', '2', '2.5'],
      ['sft, "v2"', '30', '-Inf', ''],
      ["'=HYPERLINK(\"http://evil\",\"click\")", '0', '-1.5', ''],
      ["'=HYPERLINK(\"http://evil\",\"click\")", '5', '1e-7', ''],
    ]);
    // Numbers round-trip exactly; negative numbers are numbers, not escaped text.
    expect(Number(rows[6]?.[2])).toBe(-1.5);
  });

  it('a downsampled chart adds min and max and says so', () => {
    const b = buckets('c', [100, 200], [2, null], [1.5, 0.5], [2.5, 1]);
    const csv = buildChartCsv({ metric: 'loss', smoothing: { kind: 'none' }, series: [b, raw('d', [1], [4])], runName });
    const rows = parseCsv(csv);
    expect(rows[0]?.[0]).toMatch(/smoothing: no smoothing; points: downsampled/);
    expect(rows[1]).toEqual(['run', 'step', 'value', 'smoothed', 'min', 'max']);
    expect(rows.slice(2)).toEqual([
      ["'-2+3", '100', '2', '', '1.5', '2.5'],
      ["'-2+3", '200', '', '', '0.5', '1'],
      ["'@SUM(A1)", '1', '4', '', '4', '4'],
    ]);
  });

  it('a metric name with a comma, quote or line break cannot break or inject through the comment line', () => {
    const csv = buildChartCsv({ metric: 'a,=b"c\nd', smoothing: { kind: 'ema', weight: 0.5 }, series: [], runName });
    const rows = parseCsv(csv);
    expect(csv.startsWith("# metric: a =b'c d;")).toBe(true);
    expect(rows).toHaveLength(2);
    // A spreadsheet splits the comment at the smoothing's own comma; no piece may start a formula.
    for (const cell of rows[0] ?? []) expect(/^[=+\-@]/.test(cell)).toBe(false);
  });
});

describe('buildChartCsv on another x axis', () => {
  it('writes the x as its own column after the step', () => {
    const s: RunSeries = { ...raw('a', [1, 2], [0.5, 0.25]), x: Float64Array.of(1000, 2500) };
    const text = buildChartCsv({ metric: 'loss', smoothing: { kind: 'none' }, series: [s], runName: () => 'run', xLabel: 'num_tokens' });
    const lines = text.trim().split('\r\n');
    expect(lines[1]).toBe('run,step,num_tokens,value,smoothed');
    expect(lines[2]).toBe('run,1,1000,0.5,');
    // On the step axis there is no extra column.
    expect(buildChartCsv({ metric: 'loss', smoothing: { kind: 'none' }, series: [raw('a', [1], [0.5])], runName: () => 'run', xLabel: 'step' }).split('\r\n')[1]).toBe('run,step,value,smoothed');
  });
});
