import { describe, expect, it, vi } from 'vitest';
import type { PrintToPDFOptions } from 'electron';
import { buildPdfOptions, DEFAULT_PDF_MARGIN_MM, printToPdf } from '../../../main/electron/pdf';

describe('buildPdfOptions', () => {
  it('defaults to A4 portrait, backgrounds, 12 mm margins in inches', () => {
    const m = DEFAULT_PDF_MARGIN_MM / 25.4;
    expect(buildPdfOptions()).toEqual({
      pageSize: 'A4',
      landscape: false,
      printBackground: true,
      margins: { top: m, bottom: m, left: m, right: m },
      pageRanges: '',
      preferCSSPageSize: false,
      displayHeaderFooter: false,
    });
    expect(m).toBeCloseTo(0.4724, 4);
  });

  it('passes landscape, margins, page ranges and CSS page size through', () => {
    const o = buildPdfOptions({ landscape: true, marginMm: 25.4, pageRanges: '1-2', preferCssPageSize: true });
    expect(o).toMatchObject({ landscape: true, margins: { top: 1, bottom: 1, left: 1, right: 1 }, pageRanges: '1-2', preferCSSPageSize: true });
    expect(buildPdfOptions({ marginMm: 0 }).margins).toEqual({ top: 0, bottom: 0, left: 0, right: 0 });
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses margin %s', (marginMm) => {
    expect(() => buildPdfOptions({ marginMm })).toThrow(RangeError);
  });
});

describe('printToPdf', () => {
  it('prints with the built options and returns a Buffer', async () => {
    const printToPDF = vi.fn(async (_o: PrintToPDFOptions) => new Uint8Array([0x25, 0x50, 0x44, 0x46]));
    const out = await printToPdf({ printToPDF }, { landscape: true });
    expect(Buffer.isBuffer(out)).toBe(true);
    expect(out.toString('latin1')).toBe('%PDF');
    expect(printToPDF).toHaveBeenCalledExactlyOnceWith(buildPdfOptions({ landscape: true }));
  });
});
