import { describe, expect, it, vi } from 'vitest';
import type { PrintWindow } from '../../../main/electron/report-printer';
import { electronReportPrinter } from '../../../main/electron/report-printer';

function fakeWindow(states: string[]) {
  const calls: string[] = [];
  const win: PrintWindow = {
    loadURL: vi.fn(async (url: string) => {
      calls.push(`load ${url}`);
    }),
    webContents: {
      executeJavaScript: vi.fn(async () => states.shift() ?? 'ready'),
      printToPDF: vi.fn(async (o: unknown) => {
        calls.push(`print ${JSON.stringify(o).includes('"pageSize":"A4"')}`);
        return Buffer.from('%PDF-1.7');
      }),
    },
    destroy: vi.fn(() => calls.push('destroy')),
  };
  return { win, calls };
}

describe('electronReportPrinter', () => {
  it('loads the report page in print mode, waits until it is ready, prints A4, and always closes the window', async () => {
    const { win, calls } = fakeWindow(['', 'loading', 'ready']);
    const print = electronReportPrinter(() => win, 'runlens://app/index.html', async () => {});
    const pdf = await print.pdf('weekly-1');
    expect(Buffer.from(pdf).toString()).toBe('%PDF-1.7');
    expect(calls).toEqual(['load runlens://app/index.html?report=weekly-1&print=1', 'print true', 'destroy']);
  });

  it('fails with a message when the page reports an error, and still closes the window', async () => {
    const { win, calls } = fakeWindow(['error']);
    await expect(electronReportPrinter(() => win, 'runlens://app/index.html', async () => {}).pdf('r')).rejects.toThrow(/could not be rendered/);
    expect(calls.at(-1)).toBe('destroy');
  });
});
