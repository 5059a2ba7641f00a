import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../main/db/engine';
import { LibraryService } from '../../../main/services/library';
import { pdfFileName, ReportsService } from '../../../main/services/reports';
import type { ReportSpec } from '../../../shared/domain/report';
import { tempDir } from '../../helpers/paths';

const spec = (id: string, title: string): ReportSpec => ({ version: 1, id, title, authors: '', date: '', updatedAtMs: 0, sections: [{ kind: 'text', title: 'T', markdown: 'x' }] });

describe('ReportsService', () => {
  let t: { dir: string; cleanup: () => Promise<void> };
  let engine: Engine;
  let clock = 10;
  beforeEach(async () => {
    t = await tempDir();
    engine = await Engine.open(':memory:');
  });
  afterEach(async () => {
    await engine.close();
    await t.cleanup();
  });

  it('saves, lists newest first, reads back and deletes specs under reports/', async () => {
    const s = new ReportsService(t.dir, engine, new LibraryService(engine), '1.0', () => clock++);
    await s.save(spec('a', 'First'));
    await s.save(spec('b', 'Second'));
    expect((await s.list()).map((r) => [r.id, r.title, r.sections])).toEqual([
      ['b', 'Second', 1],
      ['a', 'First', 1],
    ]);
    expect((await s.get('a')).title).toBe('First');
    await s.delete('a');
    expect(await readdir(path.join(t.dir, 'reports'))).toEqual(['b.json']);
    await expect(s.get('a')).rejects.toThrow(/No such report/);
  });

  it('refuses ids that could name a path, and exporting without a printer', async () => {
    const s = new ReportsService(t.dir, engine, new LibraryService(engine), '1.0');
    await expect(s.get('../workspace')).rejects.toThrow();
    await s.save(spec('c', 'C'));
    await expect(s.exportPdf('c')).rejects.toThrow(/not available/);
    s.setPrinter({ pdf: async (id) => new TextEncoder().encode(`%PDF ${id}`), html: async (id) => `<html>${id}</html>` });
    const pdf = await s.exportPdf('c');
    expect([pdf.fileName, Buffer.from(pdf.pdfBase64, 'base64').toString(), pdf.bytes]).toEqual(['C.pdf', '%PDF c', 6]);
    expect(await s.exportHtml('c')).toEqual({ fileName: 'C.html', html: '<html>c</html>' });
  });

  it('names PDFs after the title, without characters file systems refuse', () => {
    expect(pdfFileName('Weekly <b>review</b>: a/b?')).toBe('Weekly _b_review_b_ a_b_.pdf');
    expect(pdfFileName('...')).toBe('report.pdf');
    expect(pdfFileName('a\u0000b')).toBe('a_b.pdf');
  });
});
