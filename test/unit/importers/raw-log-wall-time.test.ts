import { describe, expect, it } from 'vitest';
import { parseLog } from '../../../main/importers/raw-log/parse-log';
import { leadingWallTime } from '../../../main/importers/raw-log/wall-time';
import type { ScalarBatchRecord } from '../../../shared/importers/records';

describe('raw-log wall times', () => {
  it('reads the stamp a line starts with, not a date inside it', () => {
    expect(leadingWallTime(' [2025-11-25 09:56:01] iteration 1730/ 3000 |')).toBe(Date.UTC(2025, 10, 25, 9, 56, 1) / 1000);
    expect(leadingWallTime('[2025-12-18 20:27:22,783] [INFO] [launch.py:319:sigkill_handler]')).toBeCloseTo(Date.UTC(2025, 11, 18, 20, 27, 22, 783) / 1000, 6);
    expect(leadingWallTime('2024-05-01T10:00:00+0200 step:1 - loss:2')).toBe(Date.UTC(2024, 4, 1, 8) / 1000);
    expect(leadingWallTime('saving to /ckpt/2024-05-01 10:00:00')).toBeNull();
    expect(leadingWallTime(' iteration 10/ 100 | lm loss: 2.0E+00 |')).toBeNull();
  });

  it('gives Megatron points the time of their line, NaN where a line has none, and none at all for untimed logs', () => {
    const text = [' [2025-11-25 09:00:00] iteration 10/ 100 | lm loss: 2.0E+00 |', ' iteration 20/ 100 | lm loss: 1.9E+00 |', ' [2025-11-25 09:00:30] iteration 30/ 100 | lm loss: 1.8E+00 |', ''].join('\n');
    const recs = [...parseLog('train.log', new TextEncoder().encode(text), new AbortController().signal)];
    const loss = recs.find((r): r is ScalarBatchRecord => r.kind === 'scalars' && r.metric === 'lm loss');
    const t0 = Date.UTC(2025, 10, 25, 9) / 1000;
    expect([...(loss?.wallTimesSec ?? [])]).toEqual([t0, Number.NaN, t0 + 30]);
    const plain = [...parseLog('train.log', new TextEncoder().encode('step:1 - loss:2.0\nstep:2 - loss:1.9\n'), new AbortController().signal)];
    expect(plain.find((r): r is ScalarBatchRecord => r.kind === 'scalars')?.wallTimesSec).toBeNull();
  });
});
