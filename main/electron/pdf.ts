import type { PrintToPDFOptions } from 'electron';

export const DEFAULT_PDF_MARGIN_MM = 12;
const MM_PER_INCH = 25.4;

export interface PdfOptions {
  readonly landscape?: boolean;
  /** Same margin on every side, in millimetres. */
  readonly marginMm?: number;
  /** e.g. '1-3, 5'; empty = every page. */
  readonly pageRanges?: string;
  /** Let a CSS `@page` size win over A4. */
  readonly preferCssPageSize?: boolean;
}

/** The printToPDF options RunLens reports use: A4, backgrounds printed (charts and badges), millimetre margins. */
export function buildPdfOptions(opts: PdfOptions = {}): PrintToPDFOptions {
  const marginMm = opts.marginMm ?? DEFAULT_PDF_MARGIN_MM;
  if (!Number.isFinite(marginMm) || marginMm < 0) throw new RangeError(`PDF margin must be a finite number ≥ 0 mm, got ${marginMm}`);
  const inches = marginMm / MM_PER_INCH;
  return {
    pageSize: 'A4',
    landscape: opts.landscape ?? false,
    printBackground: true,
    margins: { top: inches, bottom: inches, left: inches, right: inches },
    pageRanges: opts.pageRanges ?? '',
    preferCSSPageSize: opts.preferCssPageSize ?? false,
    displayHeaderFooter: false,
  };
}

/** Prints a loaded page (the report window) to PDF bytes. */
export async function printToPdf(
  contents: { printToPDF(options: PrintToPDFOptions): Promise<Buffer | Uint8Array> },
  opts: PdfOptions = {},
): Promise<Buffer> {
  const bytes = await contents.printToPDF(buildPdfOptions(opts));
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
}
