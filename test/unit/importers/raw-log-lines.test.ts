import { describe, expect, it } from 'vitest';
import { cleanLine, forDisplay, MAX_LINE_CHARS, rankOf, stripLauncherPrefix } from '../../../main/importers/raw-log/clean-line';
import { parseNumber, pointsOfLine } from '../../../main/importers/raw-log/metric-lines';
import { readPyDict } from '../../../main/importers/raw-log/py-dict';

/** NaN-safe view of a line's values for toEqual. */
const shown = (line: string) => {
  const p = pointsOfLine(line);
  return p && { step: p.step, stepKind: p.stepKind, shape: p.shape, values: p.values.map(([k, v]) => [k, Number.isNaN(v) ? 'NaN' : v]) };
};

describe('cleanLine: what a terminal would show', () => {
  it.each([
    ['verl Ray prefix in colour', '\x1b[2m\x1b[36m(main_task pid=64899)\x1b[0m step:0 - a:1', '(main_task pid=64899) step:0 - a:1'],
    ['tqdm redraws keep the last state', ' 10%|█   | 1/10\r 20%|██  | 2/10\r100%|████| 10/10\r', '100%|████| 10/10'],
    ['a shorter redraw overwrites only its own width', 'abcdef\rxy', 'xycdef'],
    ['CRLF', 'plain line with CRLF\r', 'plain line with CRLF'],
    ['trailing whitespace', 'trailing spaces \t  ', 'trailing spaces'],
    ['OSC title and erase-line', '\x1b]0;title\x07text\x1b[K', 'text'],
    ['NUL padding and bell', 'device: \x00\x07', 'device:'],
    ['an escape cut at the end of the line', 'loss 1.0 \x1b[3', 'loss 1.0'],
    ['leading whitespace is kept (Megatron indents)', '  iteration 1/ 2 |', '  iteration 1/ 2 |'],
  ])('%s', (_name, raw, want) => {
    expect(cleanLine(raw)).toBe(want);
  });

  it('cuts a huge line for display and says how much was cut', () => {
    expect(cleanLine('x'.repeat(MAX_LINE_CHARS + 10))).toHaveLength(MAX_LINE_CHARS + 10);
    const line = forDisplay('x'.repeat(MAX_LINE_CHARS + 10));
    expect(line.startsWith('x'.repeat(MAX_LINE_CHARS))).toBe(true);
    expect(line.endsWith('[10 more characters]')).toBe(true);
  });
});

describe('launcher prefixes', () => {
  it.each([
    ['[rank3]: Traceback (most recent call last):', 'Traceback (most recent call last):', 3],
    ['[default0]: iteration 1/ 2 | lm loss: 1 |', 'iteration 1/ 2 | lm loss: 1 |', 0],
    ['(WorkerDict pid=12, ip=10.0.0.1) step:1 - x:2', 'step:1 - x:2', null],
    ['(wiQkzJWorkerDict_0:0 WorkerDict pid=934604) [rank0]:[I1210 15:06:01] NCCL', '[I1210 15:06:01] NCCL', 0],
    ['(pid=926049) libgomp: Invalid value', 'libgomp: Invalid value', null],
    ['[rank] not a prefix', '[rank] not a prefix', null],
  ])('%j', (line, rest, rank) => {
    expect(stripLauncherPrefix(line)).toBe(rest);
    expect(rankOf(line)).toBe(rank);
  });
});

describe('numbers as logs print them', () => {
  it.each([
    ['2.46E+00', 2.46],
    ['1.024808E+01', 10.24808],
    ['-0.000', -0],
    ['  65536.0 ', 65536],
    ['5e-6', 5e-6],
    ['inf', Number.POSITIVE_INFINITY],
    ['-inf', Number.NEGATIVE_INFINITY],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('%j', (text, want) => {
    expect(parseNumber(text)).toBe(want);
  });
  it('nan in any case is NaN; words, blanks and cut exponents are not numbers', () => {
    expect(parseNumber('nan')).toBeNaN();
    expect(parseNumber('NaN')).toBeNaN();
    for (const t of ['', ' ', 'n/a', '1e', '2.46E+', '12abc', '0x10']) expect(parseNumber(t)).toBeNull();
  });
});

describe('metric line shapes', () => {
  it('Megatron-DeepSpeed iteration line: every numeric field, NaN kept, step from the line', () => {
    expect(shown(' iteration     5426/  250000 | consumed samples:        43408 | learning rate: 2.999E-04 | loss scale: 1.0 | grad norm: nan | actual seqlen:  2048 |')).toEqual({
      step: 5426,
      stepKind: 'explicit',
      shape: 'megatron',
      values: [
        ['consumed samples', 43408],
        ['learning rate', 2.999e-4],
        ['loss scale', 1],
        ['grad norm', 'NaN'],
        ['actual seqlen', 2048],
      ],
    });
  });

  it('Megatron after a timestamp, and a record cut after its step (no fields: no points)', () => {
    expect(shown('[2024-05-01 10:00:00] iteration 20/ 100 | lm loss: inf |')?.values).toEqual([['lm loss', Number.POSITIVE_INFINITY]]);
    expect(pointsOfLine(' iteration     5429/  250000 | consumed samples:')).toBeNull();
    // An excerpt that starts mid-record has no step to put its fields at.
    expect(pointsOfLine('d norm: nan | actual seqlen:  2048 | number of skipped iterations:   0 |')).toBeNull();
    // Prose that mentions iterations is not a record.
    expect(pointsOfLine('saving checkpoint at iteration   33241 to /gpfsscratch/checkpoints')).toBeNull();
  });

  it('Megatron validation lines get a valid/ prefix (both spellings)', () => {
    expect(shown(' validation loss at iteration 7000 | lm loss value: 7.174200E+00 | lm loss PPL: 1.305315E+03 |')).toEqual({
      step: 7000,
      stepKind: 'explicit',
      shape: 'megatron-valid',
      values: [
        ['valid/lm loss value', 7.1742],
        ['valid/lm loss PPL', 1305.315],
      ],
    });
    expect(shown('valid loss at iteration 45000 | lm loss value: 2.327091E+00 | lm loss PPL: 1.024808E+01 |')?.step).toBe(45000);
  });

  it('verl step lines: keys as printed (slashes, parentheses), non-numbers skipped', () => {
    expect(shown('step:12 - critic/kl:0.001 - actor/lr(1e-4):0.010 - actor/pg_loss:-inf - note:abc - critic/vf_loss:nan')).toEqual({
      step: 12,
      stepKind: 'explicit',
      shape: 'verl',
      values: [
        ['critic/kl', 0.001],
        ['actor/lr(1e-4)', 0.01],
        ['actor/pg_loss', Number.NEGATIVE_INFINITY],
        ['critic/vf_loss', 'NaN'],
      ],
    });
    expect(pointsOfLine('Number of steps/epoch 29, number of epochs 2, total number of steps 58')).toBeNull();
  });

  it('HF dicts: after a progress bar, eval and summary dicts, explicit steps, numpy scalars', () => {
    expect(shown("  5%|█| 10/218 [00:52<18:07,  5.23s/it]{'loss': 1.7658, 'learning_rate': 0.001, 'epoch': 0.05}")).toEqual({
      step: null,
      stepKind: 'hf-train',
      shape: 'hf-dict',
      values: [
        ['loss', 1.7658],
        ['learning_rate', 0.001],
        ['epoch', 0.05],
      ],
    });
    expect(shown("{'eval_loss': 0.3, 'eval_model': 'x', 'epoch': 0.5}")).toMatchObject({ step: null, stepKind: 'hf-other', values: [['eval_loss', 0.3], ['epoch', 0.5]] });
    expect(shown("{'train_runtime': 331.4, 'train_loss': 26.98, 'epoch': 0.99}")?.stepKind).toBe('hf-other');
    expect(shown("{'loss': np.float64(0.2), 'grad_norm': float('nan'), 'step': 40}")).toMatchObject({ step: 40, stepKind: 'hf-train', values: [['loss', 0.2], ['grad_norm', 'NaN']] });
  });

  it('fields after a Unicode line separator still count; a megabyte line repeating a head is read in one pass', () => {
    // Key whitespace (U+2028 included) collapses to one space, as Python's str.split() does.
    expect(shown('step:1 - a:1 - b\u2028c:2')?.values).toEqual([['a', 1], ['b c', 2]]);
    // Quadratic matching here would blow the test timeout (8 MB of "valid loss at iteration 1 " without a "|").
    expect(pointsOfLine('valid loss at iteration 1 '.repeat(300_000))).toBeNull();
    expect(pointsOfLine(`${'valid loss at iteration 1 '.repeat(1000)}| lm loss value: 2.0 |`)?.values).toEqual([['valid/lm loss value', 2]]);
  });

  it('HF-like dicts that are not training logs give nothing', () => {
    expect(pointsOfLine("{'temperature': 1.0, 'top_k': -1, 'n': 1}")).toBeNull();
    expect(pointsOfLine("WORLD INFO DICT: {'localhost': [0, 1]}")).toBeNull();
    expect(pointsOfLine("{'data': {'train_batch_size': 128, 'epoch': 2}, 'model': {}}")).toBeNull();
    expect(pointsOfLine("{'loss': 0.5, 'epoch'")).toBeNull(); // cut mid-dict
    expect(pointsOfLine('nothing to see')).toBeNull();
  });
});

describe('readPyDict', () => {
  it('reads Python reprs: both quote styles, escapes, True/None, nan/inf, negative numbers, trailing comma', () => {
    expect(readPyDict(`{'a': 1, "b\\"q": 'x}', 'c': True, 'd': None, 'e': -inf, 'f': -2.5e-3,}`, 0)).toEqual([
      ['a', 1],
      ['b"q', 'x}'],
      ['c', true],
      ['d', null],
      ['e', Number.NEGATIVE_INFINITY],
      ['f', -0.0025],
    ]);
    expect(readPyDict('{}', 0)).toEqual([]);
  });
  it('refuses nesting, non-string keys and cut text', () => {
    for (const t of ["{'a': [1]}", "{'a': {'b': 1}}", '{1: 2}', "{'a': 1", "{'a' 1}", "{'a': foo}", "{'a': np.float64(x)}"]) expect(readPyDict(t, 0)).toBeNull();
  });
});
