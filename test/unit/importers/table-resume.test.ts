import { describe, expect, it } from 'vitest';
import { tableImporter } from '../../../main/importers/table';
import type { ResumeSource } from '../../../shared/importers/importer';
import type { ImportRecord, ResumePointRecord, RunMetaRecord, WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../helpers/importers';

/**
 * Live follow of generic tables: what the first rows decide (the header, the JSONL step key, row indexes) must hold
 * for the rows a resumed read sees, though the resumed read never sees the first rows.
 */

const enc = new TextEncoder();
const signal = new AbortController().signal;

async function resumeFrom(file: string, whole: Uint8Array, point: ResumePointRecord, options?: Record<string, string>): Promise<ImportRecord[]> {
  const { kind: _k, file: _f, ...from } = point;
  const src: ResumeSource = { ...memorySource({ [file]: whole.subarray(point.offset) }, 'd'), from: new Map([[file, from]]), ...(options ? { options } : {}) };
  const out: ImportRecord[] = [];
  const resume = tableImporter.resume?.bind(tableImporter);
  if (!resume) throw new Error('table importer cannot resume');
  for await (const r of resume(src, signal)) out.push(r);
  return out;
}

const pointOf = (recs: readonly ImportRecord[]) => recs.find((r): r is ResumePointRecord => r.kind === 'resume-point');

/** Reads `text` cut after `cutAfter` (the first occurrence's end), then resumes over the rest. */
async function cutAndResume(name: string, text: string, cutAfter: string, options?: Record<string, string>) {
  const file = `d/${name}`;
  const whole = enc.encode(text);
  const cut = enc.encode(text.slice(0, text.indexOf(cutAfter) + cutAfter.length)).length;
  const src = (bytes: Uint8Array) => ({ ...memorySource({ [file]: bytes }, 'd'), ...(options ? { options } : {}) });
  const full = await collect(tableImporter, src(whole));
  const first = await collect(tableImporter, src(whole.subarray(0, cut)));
  const point = pointOf(first);
  if (!point) throw new Error('no resume point after the cut');
  const second = await resumeFrom(file, whole, point, options);
  return { full, first, second, point };
}

function merged(parts: readonly (readonly ImportRecord[])[]) {
  return Object.fromEntries(seriesOf(parts.flat()));
}

describe('table resume', () => {
  it('JSONL keeps the step key the first row chose, though new rows have a more specific one', async () => {
    const text = '{"epoch": 0, "loss": 1}\n{"epoch": 1, "step": 50, "loss": 0.9}\n{"loss": 0.8}\n{"epoch": 3, "step": 150, "loss": 0.7}\n';
    const { full, first, second } = await cutAndResume('h.jsonl', text, '"loss": 1}\n');
    expect(merged([first, second])).toEqual(merged([full]));
    // epoch is the step: `step` is a series at epoch steps; the row without epoch sits at its row index (2).
    expect(seriesOf(second).get('step')).toEqual({ steps: [1, 3], values: [50, 150] });
    expect(seriesOf(second).get('loss')).toEqual({ steps: [1, 2, 3], values: [0.9, 0.8, 0.7] });
    expect(pointOf(second)).toMatchObject({ offset: enc.encode(text).length, linesBefore: 4 });
  });

  it('JSONL cut before any row decides the step key in the resumed read', async () => {
    const text = '{"step": 0, "loss": 1}\n{"step": 1, "loss": 0.5}\n';
    const { full, first, second, point } = await cutAndResume('h.jsonl', text, '{"step": 0');
    expect(point.offset).toBe(0);
    expect(merged([first, second])).toEqual(merged([full]));
  });

  it('CSV rows without a step keep their row index across a resume, and the header is not read as a row', async () => {
    const text = 'step,loss\n,1\n5,2\n,3\n';
    const { full, first, second } = await cutAndResume('m.csv', text, '5,2\n');
    expect(seriesOf(second).get('loss')).toEqual({ steps: [2], values: [3] });
    expect(merged([first, second])).toEqual(merged([full]));
    expect(seriesOf(second).has('step')).toBe(false);
  });

  it('an unfinished last line is warned at the resume offset', async () => {
    for (const [name, text] of [['m.csv', 'step,loss\n0,1\n1,0.'], ['h.jsonl', '{"step": 0, "loss": 1}\n{"step": 1, "lo']] as const) {
      const recs = await collect(tableImporter, memorySource({ [`d/${name}`]: text }, 'd'));
      const unfinished = recs.filter((r): r is WarningRecord => r.kind === 'warning' && /unfinished/.test(r.message));
      expect(unfinished.map((w) => w.offset), name).toEqual([pointOf(recs)?.offset]);
      expect(pointOf(recs)?.offset, name).toBe(text.lastIndexOf('\n') + 1);
    }
  });

  it('wall-time spans merged min/max over the parts equal the whole read', async () => {
    const text = 'Wall time,Step,Value\n100.5,0,3\n130.5,50,2\n160.5,100,1\n';
    const { full, first, second } = await cutAndResume('tb.csv', text, '130.5,50,2\n', { wallColumn: 'Wall time', stepColumn: 'renamed' });
    const spans = (recs: readonly ImportRecord[]) => recs.filter((r): r is RunMetaRecord => r.kind === 'run-meta' && r.wallStartSec !== undefined);
    const parts = [...spans(first), ...spans(second)];
    expect(spans(second)).toHaveLength(1);
    expect(Math.min(...parts.map((m) => m.wallStartSec ?? Infinity))).toBe(spans(full)[0]?.wallStartSec);
    expect(Math.max(...parts.map((m) => m.wallEndSec ?? -Infinity))).toBe(spans(full)[0]?.wallEndSec);
    expect(merged([first, second])).toEqual(merged([full]));
    // The column warnings of the first read (the chosen step column is gone) are not repeated by appends.
    expect(first.filter((r) => r.kind === 'warning')).toHaveLength(1);
    expect(second.filter((r) => r.kind === 'warning')).toEqual([]);
  });
});
