import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lmEvalImporter } from '../../../main/importers/lm-eval';
import type { ImportRecord } from '../../../shared/importers/records';
import { collect, memorySource } from '../../helpers/importers';
import { fixturesDir } from '../../helpers/paths';

const root = path.join(fixturesDir, 'lm-eval');

function listFiles(dir: string, rel = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const abs = path.join(dir, name);
      const r = rel === '' ? name : `${rel}/${name}`;
      return statSync(abs).isDirectory() ? listFiles(abs, r) : [r];
    });
}

// Every file the importer reads: results JSON and samples JSONL (the summary_*.json of the fixture is not harness output).
const files = listFiles(root).filter((f) => f.endsWith('.jsonl') || (f.endsWith('.json') && !path.basename(f).startsWith('summary_')));

const points = (recs: ImportRecord[]) => recs.filter((r) => r.kind === 'eval' || r.kind === 'eval-sample').length;

/** Whether a prefix of the file stops inside a record (so a warning must say so). */
function isMidRecord(file: string, prefix: string, full: string): boolean {
  if (file.endsWith('.json')) return prefix.trimEnd().length < full.trimEnd().length;
  const last = prefix.slice(prefix.lastIndexOf('\n') + 1).trim();
  if (last === '') return false;
  try {
    JSON.parse(last);
    return false;
  } catch {
    return true;
  }
}

/** Every offset for files up to 8 KB; about 600 evenly spread cuts plus the last 64 bytes for bigger ones. */
function cuts(length: number): number[] {
  const stride = length <= 8192 ? 1 : Math.ceil(length / 600);
  const out = new Set<number>();
  for (let c = 0; c <= length; c += stride) out.add(c);
  for (let c = Math.max(0, length - 64); c <= length; c++) out.add(c);
  return [...out].sort((a, b) => a - b);
}

describe('lm-eval truncation: cutting each fixture file anywhere', () => {
  it('covers both kinds of files', () => {
    expect(files.filter((f) => f.endsWith('.jsonl'))).toHaveLength(2);
    expect(files.filter((f) => f.endsWith('.json')).length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)('%s: never throws, the point count never drops as the cut grows, and a cut mid-record warns', async (file) => {
    const bytes = new Uint8Array(readFileSync(path.join(root, file)));
    const full = new TextDecoder().decode(bytes);
    const dir = path.posix.dirname(file);
    let prev = 0;
    for (const cut of cuts(bytes.length)) {
      const prefix = bytes.subarray(0, cut);
      const recs = await collect(lmEvalImporter, memorySource({ [file]: prefix }, dir));
      const n = points(recs);
      expect(n, `cut ${cut}`).toBeGreaterThanOrEqual(prev);
      prev = n;
      if (isMidRecord(file, new TextDecoder().decode(prefix), full)) {
        expect(recs.some((r) => r.kind === 'warning' && r.file === file), `cut ${cut}`).toBe(true);
      }
    }
    const whole = await collect(lmEvalImporter, memorySource({ [file]: bytes }, dir));
    expect(prev).toBe(points(whole));
    expect(prev).toBeGreaterThan(0);
    // The valid prefix is kept, not thrown away: a results file cut at 90% still gives its complete task entries
    // (all but the promptsource file, whose numbers sit after its `results` list).
    if (!/"results":\s*\[/.test(full)) {
      const cutAt = Math.floor(bytes.length * 0.9);
      expect(points(await collect(lmEvalImporter, memorySource({ [file]: bytes.subarray(0, cutAt) }, dir)))).toBeGreaterThan(0);
    }
  });
});
