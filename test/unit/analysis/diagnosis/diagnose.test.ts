import { describe, expect, it } from 'vitest';
import { parseTime, splitPrefix } from '../../../../shared/analysis/diagnosis/attribute';
import { diagnoseLogs, type LogFile } from '../../../../shared/analysis/diagnosis/diagnose';

const log = (lines: readonly string[], file = 'train.log'): LogFile => ({ file, lines, firstLine: 1 });
const iter = (n: number, t?: string) => `${t === undefined ? '' : `[${t}] `} iteration ${n}/ 10000 | elapsed time per iteration (ms): 1000.0 | lm loss: 2.0E+00 | grad norm: 1.0 |`;

describe('diagnoseLogs: root and cascade (analyses.md §5.3 D)', () => {
  it('blames the GPU, not the ranks that timed out waiting for it', () => {
    const events = diagnoseLogs([
      log([iter(1729), '[rank5]: RuntimeError: CUDA error: uncorrectable ECC error encountered', '[rank0]:[E1218 20:27:21.426 ProcessGroupNCCL.cpp:629] [Rank 0] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=9, OpType=ALLREDUCE, NumelIn=1, NumelOut=1, Timeout(ms)=600000) ran for 600081 milliseconds before timing out.', 'torch.distributed.elastic.multiprocessing.errors.ChildFailedError:']),
    ]);
    const root = events.find((e) => e.root);
    expect(root).toMatchObject({ category: 'gpu-hardware', rank: 5, step: 1729, line: 2 });
    expect(events.filter((e) => !e.root).every((e) => e.causeId === root?.id)).toBe(true);
    expect(events.find((e) => e.rule === 'nccl-timeout')).toMatchObject({ rank: 0, fields: expect.objectContaining({ timeout_ms: '600000' }) });
  });

  it('prefers a hardware event logged in the same two seconds over an earlier victim', () => {
    const events = diagnoseLogs([
      log(['[2024-05-01 10:00:00,100] [Rank 0] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=1, OpType=ALLREDUCE, NumelIn=1, NumelOut=1, Timeout(ms)=600000) ran for 600001 milliseconds before timing out.'], 'rank0.log'),
      log(['[2024-05-01 10:00:01,000] NVRM: Xid (PCI:0000:3b:00): 79, pid=1, GPU has fallen off the bus.'], 'dmesg.log'),
    ]);
    expect(events.find((e) => e.root)).toMatchObject({ rule: 'xid', file: 'dmesg.log' });
  });

  it('does not let a warning after the crash (a broken script line) take the root from a critical event', () => {
    const events = diagnoseLogs([log(['[Rank 0] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=1, OpType=BROADCAST, NumelIn=1, NumelOut=1, Timeout(ms)=600000) ran for 600081 milliseconds before timing out.', 'run.sh: line 45: --disable_tqdm: command not found'])]);
    expect(events.find((e) => e.root)?.rule).toBe('nccl-timeout');
    expect(events.find((e) => e.rule === 'shell-command-not-found')).toMatchObject({ root: false, causeId: null });
  });

  it('reads a traceback as its exception line plus its last frame', () => {
    const [e] = diagnoseLogs([log(['Traceback (most recent call last):', '  File "train.py", line 10, in <module>', '    main()', '  File "/src/model.py", line 88, in forward', '    x = self.proj(h)', "KeyError: 'optimizer'"])]);
    expect(e).toMatchObject({ rule: 'python-exception', category: 'code', line: 1, endLine: 6, root: true, fields: expect.objectContaining({ frameFile: '/src/model.py', frameLine: '88', frameFunction: 'forward' }) });
    expect(e?.message).toBe("KeyError: 'optimizer'");
  });

  it('folds the same error repeated on one rank and keeps other ranks apart', () => {
    const line = (r: number) => `[rank${r}]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.1 GiB of which 1.5 GiB is free.`;
    const events = diagnoseLogs([log([line(0), line(0), line(0), line(1)])]);
    expect(events.map((e) => [e.rank, e.fields.count ?? '1'])).toEqual([[0, '3'], [1, '1']]);
    expect(events[0]?.message).toBe('CUDA out of memory: tried to allocate 2.00 GiB, 1.5 GiB free on GPU 0');
  });

  it('ignores an exception the job survived (training went on after it)', () => {
    expect(diagnoseLogs([log(['TypeError: handled by the worker', iter(1), iter(2)])])).toEqual([]);
  });

  it('names the stage: init, checkpoint load, training, eval, checkpoint save', () => {
    const events = diagnoseLogs([
      log(['loading checkpoint from /ckpt at iteration 1500', 'OSError: [Errno 5] Input/output error'], 'a.log'),
      log([iter(10), 'saving checkpoint at iteration 10 to /ckpt', 'OSError: [Errno 28] No space left on device'], 'b.log'),
      log([iter(10), ' validation loss at iteration 10 | lm loss value: 2.0E+00 |', 'RuntimeError: CUDA error: out of memory'], 'c.log'),
    ]);
    expect(events.map((e) => [e.file, e.stage])).toEqual([['a.log', 'checkpoint-load'], ['b.log', 'checkpoint-save'], ['c.log', 'eval']]);
  });
});

describe('hang detection (analyses.md §5.3 D)', () => {
  const pulses = (from: number, n: number) => Array.from({ length: n }, (_, i) => `[2024-05-01 ${String(from + i).padStart(2, '0')}:00:00] PULSE: job is running`);

  it('flags progress that stops while the job keeps logging, at the last progress line', () => {
    const events = diagnoseLogs([log([iter(99, '2024-05-01 09:59:00'), iter(100, '2024-05-01 10:00:00'), ...pulses(10, 3)])]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ rule: 'hang', category: 'network', root: true, step: 100, line: 2, endLine: 5, stage: 'training' });
    expect(events[0]?.message).toContain('2 h 00 min');
  });

  it('stays quiet for a silence shorter than the NCCL timeout, a clean exit, or a logged crash', () => {
    expect(diagnoseLogs([log([iter(100, '2024-05-01 10:00:00'), '[2024-05-01 10:05:00] PULSE: job is running'])])).toEqual([]);
    expect(diagnoseLogs([log([iter(100, '2024-05-01 10:00:00'), '[exiting program after 60 minutes] datetime: 2024-05-01 10:00:05', ...pulses(11, 2)])])).toEqual([]);
    const crash = diagnoseLogs([log([iter(100, '2024-05-01 10:00:00'), 'RuntimeError: CUDA error: out of memory', ...pulses(11, 2)])]);
    expect(crash.map((e) => e.rule)).toEqual(['cuda-oom-short']);
  });
});

describe('attribution (analyses.md §5.3 A)', () => {
  it('reads ranks and nodes from launcher prefixes', () => {
    expect(splitPrefix('[rank3]: RuntimeError: boom')).toMatchObject({ rank: 3, body: 'RuntimeError: boom' });
    expect(splitPrefix('[default7]: iteration 5/ 10 |')).toMatchObject({ rank: 7 });
    expect(splitPrefix('12: srun: error: node-17: task 12: Killed')).toMatchObject({ rank: 12, node: 'node-17' });
    expect(splitPrefix('gpu-node-3:1234:5678 [2] NCCL WARN NET/IB : Got completion from peer 10.0.0.2<1> with error 12')).toMatchObject({ node: 'gpu-node-3', localRank: 2 });
    expect(splitPrefix('(WorkerDict_0:3 WorkerDict pid=42, ip=10.1.2.3) TypeError: x')).toMatchObject({ rank: 3, node: '10.1.2.3', body: 'TypeError: x' });
  });

  it('normalises timestamps it can order', () => {
    expect(parseTime('[2022-01-19 13:09:13,305] [INFO] x')).toMatchObject({ kind: 'abs', text: '2022-01-19T13:09:13.305' });
    expect(parseTime('E0424 01:17:26.952000 521279 api.py:869] failed')).toMatchObject({ kind: 'year-less' });
    expect(parseTime('[74889.644138] NVRM: Xid')).toMatchObject({ kind: 'relative', ms: 74889644.138 });
    expect(parseTime('no time here')).toBeNull();
  });
});
