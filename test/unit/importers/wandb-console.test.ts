import { describe, expect, it } from 'vitest';
import { consoleLines, findTracebacks, LINES_PER_RECORD, logLineRecords } from '../../../main/importers/wandb/console';

describe('wandb console text', () => {
  it('drops ANSI codes, resolves \\r redraws from the line start, keeps CRLF lines and a last line without newline', () => {
    const text = '\x1b[34m\x1b[1mwandb\x1b[0m: ok\r\n\r  0%|  | 0/9\r 50%|# | 4/9\r' + ' '.repeat(20) + '\r{"loss": 1}\nlong line here\rshort\nlast';
    expect(consoleLines(text)).toEqual(['wandb: ok', '{"loss": 1}', 'shortline here', 'last']);
    expect(consoleLines('a\n\nb\n')).toEqual(['a', '', 'b']);
    expect(consoleLines('')).toEqual([]);
  });

  it('finds each traceback of a chained exception, one cut short by the end of the output, and none in plain text', () => {
    const lines = [
      'step 3',
      'Traceback (most recent call last):',
      '  File "a.py", line 1, in f',
      'ValueError: bad',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "a.py", line 5, in <module>',
      '    ~~~~^^',
      'RuntimeError: worse',
      '[rank1]: Traceback (most recent call last):',
      '[rank1]:   File "b.py", line 2, in g',
    ];
    expect(findTracebacks(lines)).toEqual([
      { start: 1, end: 3, exception: 'ValueError: bad' },
      { start: 7, end: 10, exception: 'RuntimeError: worse' },
      { start: 11, end: 12, exception: null },
    ]);
    expect(findTracebacks(['Traceback is a word', 'no header here'])).toEqual([]);
  });

  it('splits records at traceback bounds and every LINES_PER_RECORD lines, numbering lines from 1', () => {
    const lines = [...Array.from({ length: LINES_PER_RECORD + 5 }, (_, i) => `l${i}`), 'Traceback (most recent call last):', '  x', 'E: y', 'tail'];
    const recs = logLineRecords('f.wandb', lines, findTracebacks(lines));
    expect(recs.map((r) => [r.firstLine, r.lines.length, r.lines[0]])).toEqual([
      [1, LINES_PER_RECORD, 'l0'],
      [LINES_PER_RECORD + 1, 5, `l${LINES_PER_RECORD}`],
      [LINES_PER_RECORD + 6, 3, 'Traceback (most recent call last):'],
      [LINES_PER_RECORD + 9, 1, 'tail'],
    ]);
  });
});
