import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeEventFile, frameRecord } from '../../../main/importers/tensorboard/encode';
import type { EventSpec } from '../../../main/importers/tensorboard/encode';
import { tensorboardImporter } from '../../../main/importers/tensorboard';
import { bfloat16, half } from '../../../main/importers/tensorboard/tensor';
import type { DirNode } from '../../../shared/importers/importer';
import type { ConfigRecord, RunMetaRecord, WarningRecord } from '../../../shared/importers/records';
import { collect, memorySource, seriesOf } from '../../helpers/importers';
import { fixturesDir } from '../../helpers/paths';

const F = 'run/events.out.tfevents.1.host.1.0';

function run(events: EventSpec[]) {
  return collect(tensorboardImporter, memorySource({ [F]: encodeEventFile(events) }, 'run'));
}

describe('tensorboard detect', () => {
  const node = (files: string[]): DirNode => ({ relPath: 'a/b', name: 'b', files: files.map((name) => ({ name, size: 1, mtimeMs: 0 })), dirs: [] });
  it('claims a directory that directly holds event files, in name order, with hparams.yaml last', async () => {
    expect(await tensorboardImporter.detect(node(['hparams.yaml', 'events.out.tfevents.2.h.1.0', 'events.out.tfevents.1.h.1.0.v2']), async () => new Uint8Array())).toEqual({
      confidence: 0.9,
      files: ['a/b/events.out.tfevents.1.h.1.0.v2', 'a/b/events.out.tfevents.2.h.1.0', 'a/b/hparams.yaml'],
    });
  });
  it('ignores folders without event files and profile-empty markers', async () => {
    expect(await tensorboardImporter.detect(node(['trainer_state.json']), async () => new Uint8Array())).toBeNull();
    expect(await tensorboardImporter.detect(node(['events.out.tfevents.1.h.profile-empty']), async () => new Uint8Array())).toBeNull();
  });
});

describe('tensorboard parse', () => {
  it('reads simple_value and TF2 tensor scalars (plugin metadata only on the first event), keeping NaN and restarts', async () => {
    const recs = await run([
      { kind: 'file-version', wallTime: 100 },
      { kind: 'scalar', wallTime: 101, step: 0, tag: 'loss', value: 2 },
      { kind: 'scalar', wallTime: 102, step: 1, tag: 'loss', value: Number.NaN },
      { kind: 'scalar', wallTime: 103, step: 2, tag: 'loss', value: 1 },
      { kind: 'scalar', wallTime: 104, step: 1, tag: 'loss', value: 1.5 }, // restart: step goes back
      { kind: 'tensor-scalar', wallTime: 105, step: 10, tag: 'epoch_loss', value: 0.5, dtype: 'float', withMetadata: true },
      { kind: 'tensor-scalar', wallTime: 106, step: 11, tag: 'epoch_loss', value: 0.25, dtype: 'float', withMetadata: false },
      { kind: 'tensor-scalar', wallTime: 107, step: 12, tag: 'lr', value: 1e-5, dtype: 'double', withMetadata: true },
    ]);
    const s = seriesOf(recs);
    expect(s.get('loss')?.steps).toEqual([0, 1, 2, 1]);
    expect(s.get('loss')?.values.map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual([2, 'NaN', 1, 1.5]);
    expect(s.get('epoch_loss')).toEqual({ steps: [10, 11], values: [0.5, 0.25] });
    expect(s.get('lr')).toEqual({ steps: [12], values: [1e-5] });
    const meta = recs.find((r): r is RunMetaRecord => r.kind === 'run-meta');
    expect(meta).toMatchObject({ wallStartSec: 100, wallEndSec: 107 });
  });

  it('turns hparams and HF text summaries into config, and session end into status', async () => {
    const recs = await run([
      { kind: 'hparams-start', wallTime: 1, hparams: { lr: 0.1, optimizer: 'adam', amp: true } },
      { kind: 'text', wallTime: 1, step: 0, tag: 'args/text_summary', text: '{"learning_rate": 2e-05, "lora": {"r": 16}}' },
      { kind: 'text', wallTime: 1, step: 0, tag: 'notes/text_summary', text: 'free text' },
      { kind: 'hparams-end', wallTime: 2, status: 2 },
    ]);
    const configs = recs.filter((r): r is ConfigRecord => r.kind === 'config');
    expect(configs).toEqual([
      { kind: 'config', origin: 'hparams', entries: { lr: 0.1, optimizer: 'adam', amp: true } },
      { kind: 'config', origin: 'args', entries: { learning_rate: 2e-5, 'lora.r': 16 } },
    ]);
    expect(recs.find((r): r is RunMetaRecord => r.kind === 'run-meta')?.status).toBe('crashed');
    expect(seriesOf(recs).size).toBe(0);
  });

  it('decodes half and bfloat16 bit patterns', () => {
    expect([half(0x3c00), half(0xc000), half(0x7c00), Number.isNaN(half(0x7e00)), half(0x0001)]).toEqual([1, -2, Infinity, true, 2 ** -24]);
    expect([bfloat16(0x3f80), bfloat16(0xc040)]).toEqual([1, -3]);
  });

  it('parses Lightning hparams.yaml with Python tags without failing', async () => {
    const yaml = "lr: 0.001\nloss_fn: !!python/name:__main__.arcface_loss ''\nmodel:\n  dim: 384\n";
    const recs = await collect(tensorboardImporter, memorySource({ 'r/hparams.yaml': yaml }, 'r'));
    const cfg = recs.find((r): r is ConfigRecord => r.kind === 'config');
    expect(cfg?.origin).toBe('hparams.yaml');
    expect(cfg?.entries).toMatchObject({ lr: 0.001, 'model.dim': 384 });
    expect(Object.keys(cfg?.entries ?? {})).toContain('loss_fn');
  });
});

describe('damaged event files keep their valid prefix', () => {
  const events: EventSpec[] = [{ kind: 'file-version', wallTime: 1 }];
  for (let i = 0; i < 40; i++) events.push({ kind: 'scalar', wallTime: 1 + i, step: i, tag: 'loss', value: 1 / (i + 1) });
  const full = encodeEventFile(events);
  const recordEnds: number[] = [];
  let pos = 0;
  for (const e of events) {
    pos += frameRecord(encodeEventFileOne(e)).length;
    recordEnds.push(pos);
  }

  function encodeEventFileOne(e: EventSpec) {
    const f = encodeEventFile([e]);
    return f.subarray(12, f.length - 4);
  }

  it('at every truncation offset: no throw, monotone point count, a warning naming file and offset when cut mid-record', async () => {
    let prev = 0;
    for (let cut = 0; cut <= full.length; cut++) {
      const recs = await collect(tensorboardImporter, memorySource({ [F]: full.subarray(0, cut) }, 'run'));
      const points = seriesOf(recs).get('loss')?.steps.length ?? 0;
      const complete = recordEnds.filter((e) => e <= cut).length - 1; // minus the file_version record
      expect(points).toBe(Math.max(0, complete));
      expect(points).toBeGreaterThanOrEqual(prev);
      prev = points;
      const warning = recs.find((r): r is WarningRecord => r.kind === 'warning');
      if (cut === 0 || recordEnds.includes(cut)) expect(warning).toBeUndefined();
      else expect(warning).toMatchObject({ file: F, offset: recordEnds.filter((e) => e <= cut).pop() ?? 0 });
    }
  });

  it('a flipped byte gives a checksum warning and keeps the records before it', async () => {
    const bad = full.slice();
    const at = (recordEnds[9] as number) + 14; // inside record 10's data
    bad[at] = (bad[at] as number) ^ 0xff;
    const recs = await collect(tensorboardImporter, memorySource({ [F]: bad }, 'run'));
    expect(seriesOf(recs).get('loss')?.steps.length).toBe(9);
    expect(recs.find((r): r is WarningRecord => r.kind === 'warning')).toMatchObject({ file: F, offset: recordEnds[9], message: expect.stringContaining('checksum') });
  });

  it('a real Lightning file truncated at a stride of offsets never throws and keeps a growing prefix', async () => {
    const real = readFileSync(path.join(fixturesDir, 'tensorboard', 'Abdul-AA__Text-Generation-With-LSTM', 'lightning_logs', 'version_0', 'events.out.tfevents.1716735746.99c8c45923de.3769.0'));
    let prev = -1;
    for (let cut = 0; cut <= real.length; cut += 9973) {
      const recs = await collect(tensorboardImporter, memorySource({ [F]: new Uint8Array(real.subarray(0, cut)) }, 'run'));
      const n = seriesOf(recs).get('train_loss')?.steps.length ?? 0;
      expect(n).toBeGreaterThanOrEqual(prev);
      prev = n;
    }
    expect(prev).toBeGreaterThan(7000);
  });
});
