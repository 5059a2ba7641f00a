import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  MARKDOWN_MAX_CHARS,
  Markdown,
  type MdBlock,
  type MdInline,
  parseInline,
  parseMarkdown,
  safeHref,
  TRUNCATION_MARK,
} from '../../../renderer/features/report/markdown';

/** The report's Markdown subset: AST shape per construct, hostile input, and the escaping of the rendered markup. */

const t = (text: string): MdInline => ({ kind: 'text', text });
const strong = (...children: MdInline[]): MdInline => ({ kind: 'strong', children });
const em = (...children: MdInline[]): MdInline => ({ kind: 'em', children });
const code = (text: string): MdInline => ({ kind: 'code', text });
const link = (href: string, ...children: MdInline[]): MdInline => ({ kind: 'link', href, children });
const p = (...children: MdInline[]): MdBlock => ({ kind: 'paragraph', children });
const h = (level: 1 | 2 | 3, ...children: MdInline[]): MdBlock => ({ kind: 'heading', level, children });
const ul = (...items: MdInline[][]): MdBlock => ({ kind: 'list', ordered: false, start: 1, items });
const ol = (start: number, ...items: MdInline[][]): MdBlock => ({ kind: 'list', ordered: true, start, items });

describe('parseMarkdown blocks', () => {
  const cases: [string, string, MdBlock[]][] = [
    ['empty', '', []],
    ['blank lines only', '\n  \n\t\n', []],
    ['heading levels', '# One\n## Two\n### Three', [h(1, t('One')), h(2, t('Two')), h(3, t('Three'))]],
    ['deeper headings clamp to 3', '###### Six', [h(3, t('Six'))]],
    ['closing hashes are dropped', '## Title ##', [h(2, t('Title'))]],
    ['hash without space is text', '#5 regressed', [p(t('#5 regressed'))]],
    ['paragraph lines join with a space', 'one\n  two  \nthree', [p(t('one two three'))]],
    ['blank line separates paragraphs', 'a\n\nb', [p(t('a')), p(t('b'))]],
    ['bullet list', '- a\n- b\n* c', [ul([t('a')], [t('b')], [t('c')])]],
    ['bullet continuation line', '- first\n  more\n- second', [ul([t('first more')], [t('second')])]],
    ['list survives a blank line between items', '- a\n\n- b', [ul([t('a')], [t('b')])]],
    ['list ends at a blank line before prose', '- a\n\nafter', [ul([t('a')]), p(t('after'))]],
    ['ordered list', '1. a\n2. b', [ol(1, [t('a')], [t('b')])]],
    ['ordered list keeps its start', '3. c\n4. d', [ol(3, [t('c')], [t('d')])]],
    ['bullet then ordered are two lists', '- a\n1. b', [ul([t('a')]), ol(1, [t('b')])]],
    ['paragraph interrupted by a list', 'intro\n- a', [p(t('intro')), ul([t('a')])]],
    ['numbered prose does not start a list mid-paragraph', 'in\n2019. we', [p(t('in 2019. we'))]],
    ['fenced code keeps text verbatim', '```py\nx = 1\n  **y**\n```', [{ kind: 'code', lang: 'py', text: 'x = 1\n  **y**' }]],
    ['tilde fence', '~~~\na\n~~~', [{ kind: 'code', lang: '', text: 'a' }]],
    ['shorter fence does not close', '````\n```\n````', [{ kind: 'code', lang: '', text: '```' }]],
    ['unterminated fence runs to the end', '```\na\n\n# not a heading', [{ kind: 'code', lang: '', text: 'a\n\n# not a heading' }]],
    ['fence then paragraph', '```\nx\n```\nafter', [{ kind: 'code', lang: '', text: 'x' }, p(t('after'))]],
    ['block quote', '> a\n> b', [{ kind: 'quote', paragraphs: [[t('a b')]] }]],
    ['quote paragraphs and lazy line', '> a\n>\n> b\nc', [{ kind: 'quote', paragraphs: [[t('a')], [t('b c')]] }]],
    ['horizontal rules', '---\n***\n- - -', [{ kind: 'rule' }, { kind: 'rule' }, { kind: 'rule' }]],
    ['rule ends a paragraph', 'a\n---\nb', [p(t('a')), { kind: 'rule' }, p(t('b'))]],
    ['rule ends a list', '- a\n---', [ul([t('a')]), { kind: 'rule' }]],
    ['CRLF input', '# T\r\n\r\nline one\r\nline two\r\n- x\r\n', [h(1, t('T')), p(t('line one line two')), ul([t('x')])]],
    ['lone CR input', 'a\rb\r\rc', [p(t('a b')), p(t('c'))]],
  ];
  it.each(cases)('%s', (_name, src, expected) => {
    expect(parseMarkdown(src)).toEqual(expected);
  });

  it('parses inline markup inside headings, list items and quotes', () => {
    expect(parseMarkdown('## **Bold** `x`\n- see [docs](https://a.io/x)\n> _quiet_')).toEqual([
      h(2, strong(t('Bold')), t(' '), code('x')),
      ul([t('see '), link('https://a.io/x', t('docs'))]),
      { kind: 'quote', paragraphs: [[em(t('quiet'))]] },
    ]);
  });

  it('keeps raw HTML as literal text', () => {
    expect(parseMarkdown('<script>alert(1)</script>')).toEqual([p(t('<script>alert(1)</script>'))]);
    expect(parseMarkdown('<img src=x onerror=alert(1)>')).toEqual([p(t('<img src=x onerror=alert(1)>'))]);
  });

  it('truncates huge input with a trailing mark', () => {
    const blocks = parseMarkdown('word '.repeat(MARKDOWN_MAX_CHARS)); // 5x the cap
    expect(blocks).toHaveLength(2);
    const [first, last] = blocks;
    expect(last).toEqual(p(t(TRUNCATION_MARK)));
    const text = first?.kind === 'paragraph' && first.children[0]?.kind === 'text' ? first.children[0].text : '';
    expect(text.length).toBeGreaterThan(MARKDOWN_MAX_CHARS - 10);
    expect(text.length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
    expect(parseMarkdown('a'.repeat(MARKDOWN_MAX_CHARS))).toEqual([p(t('a'.repeat(MARKDOWN_MAX_CHARS)))]);
  });

  it('does not split a surrogate pair when truncating', () => {
    const src = 'a'.repeat(MARKDOWN_MAX_CHARS - 1) + '😀' + 'b';
    const [first] = parseMarkdown(src);
    const text = first?.kind === 'paragraph' && first.children[0]?.kind === 'text' ? first.children[0].text : '';
    expect(text).toBe('a'.repeat(MARKDOWN_MAX_CHARS - 1));
  });

  // A hang guard, not a speed target (those live in `npm run bench`): a quadratic parser needs tens of seconds on these
  // 100k-character inputs and runs into the timeout; a linear one needs well under a second.
  it('does not hang on adversarial delimiter runs', () => {
    for (const unit of ['*', '_a', '**a', '[', '`', '`` ', '[a](', '*[', '[*a*', '[ *a*] *a*]']) {
      const src = unit.repeat(Math.floor(MARKDOWN_MAX_CHARS / unit.length));
      const blocks = parseMarkdown(src);
      expect(blocks.length).toBeGreaterThan(0);
    }
  }, 15_000);
});

describe('parseInline', () => {
  const cases: [string, string, MdInline[]][] = [
    ['plain', 'just text', [t('just text')]],
    ['strong', '**bold**', [strong(t('bold'))]],
    ['em with stars', '*em*', [em(t('em'))]],
    ['em with underscores', '_em_', [em(t('em'))]],
    ['strong with underscores', '__b__', [strong(t('b'))]],
    ['em around strong', '*a **b** c*', [em(t('a '), strong(t('b')), t(' c'))]],
    ['triple delimiters', '***x***', [em(strong(t('x')))]],
    ['intraword star emphasis', 'un*frigging*believable', [t('un'), em(t('frigging')), t('believable')]],
    ['snake_case stays literal', 'eval_loss_min and train_loss', [t('eval_loss_min and train_loss')]],
    ['spaced stars are literal', 'a * b * c', [t('a * b * c')]],
    ['unterminated strong is text', '**bold', [t('**bold')]],
    ['unterminated em is text', 'a *b', [t('a *b')]],
    ['unbalanced run keeps the extra star', '**a*', [t('*'), em(t('a'))]],
    ['code span', 'run `pip install` now', [t('run '), code('pip install'), t(' now')]],
    ['code span is verbatim', '`**x** [a](http://b)`', [code('**x** [a](http://b)')]],
    ['double backtick span holds a backtick', '``a ` b``', [code('a ` b')]],
    ['one padding space is stripped', '`` `x` ``', [code('`x`')]],
    ['unterminated backtick is text', 'a `b c', [t('a `b c')]],
    ['unmatched run length is text', '``a`', [t('``a`')]],
    ['http link', '[site](http://example.com)', [link('http://example.com', t('site'))]],
    ['https link with inline', '[**b** `c`](https://x.org/p?q=1)', [link('https://x.org/p?q=1', strong(t('b')), t(' '), code('c'))]],
    ['mailto link', '[me](mailto:a@b.org)', [link('mailto:a@b.org', t('me'))]],
    ['balanced parens in destination', '[w](https://en.wikipedia.org/wiki/A_(b))', [link('https://en.wikipedia.org/wiki/A_(b)', t('w'))]],
    ['javascript link is text', '[x](javascript:alert(1))', [t('[x](javascript:alert(1))')]],
    ['uppercase javascript is text', '[x](JavaScript:alert(1))', [t('[x](JavaScript:alert(1))')]],
    ['data link is text', '[x](data:text/html,<b>hi</b>)', [t('[x](data:text/html,<b>hi</b>)')]],
    ['relative link is text', '[x](../secret)', [t('[x](../secret)')]],
    ['protocol-relative link is text', '[x](//evil.example)', [t('[x](//evil.example)')]],
    ['destination with a space is not a link', '[x](http://a b)', [t('[x](http://a b)')]],
    ['brackets without destination', '[not a link] here', [t('[not a link] here')]],
    ['stray closing bracket', 'a] b', [t('a] b')]],
    ['links do not nest', '[a [b](http://b) c](http://a)', [t('[a '), link('http://b', t('b')), t(' c](http://a)')]],
    ['link binds tighter than emphasis', '*[foo*](http://x)', [t('*'), link('http://x', t('foo*'))]],
    ['escapes', '\\*not em\\* \\[x\\](http://a) \\`c\\`', [t('*not em* [x](http://a) `c`')]],
    ['backslash before a letter is literal', 'C:\\path', [t('C:\\path')]],
    ['raw html is text', '<b onclick="x">hi</b>', [t('<b onclick="x">hi</b>')]],
  ];
  it.each(cases)('%s', (_name, src, expected) => {
    expect(parseInline(src)).toEqual(expected);
  });
});

describe('safeHref', () => {
  it.each([
    ['http://a.io', 'http://a.io'],
    ['HTTPS://A.io/x', 'HTTPS://A.io/x'],
    ['mailto:x@y.z', 'mailto:x@y.z'],
    ['javascript:alert(1)', null],
    ['java\tscript:alert(1)', null],
    ['https://a.io/\nx', null],
    ['vbscript:x', null],
    ['file:///etc/passwd', null],
    ['http://', null],
    ['/relative', null],
  ])('%j → %j', (dest, expected) => {
    expect(safeHref(dest)).toBe(expected);
  });
});

describe('Markdown component', () => {
  const render = (source: string): string => renderToStaticMarkup(createElement(Markdown, { source }));

  it('renders every construct as elements inside the test-id wrapper', () => {
    const html = render(
      '# H1\n## H2\n### H3\n\npara **b** *e* `c`\n\n- x\n\n3. y\n\n```ts\nlet a = 1;\n```\n\n> q\n\n---',
    );
    expect(html).toBe(
      '<div class="markdown" data-testid="report.markdown">' +
        '<h2>H1</h2><h3>H2</h3><h4>H3</h4>' +
        '<p>para <strong>b</strong> <em>e</em> <code>c</code></p>' +
        '<ul><li>x</li></ul><ol start="3"><li>y</li></ol>' +
        '<pre><code class="language-ts">let a = 1;</code></pre>' +
        '<blockquote><p>q</p></blockquote><hr/></div>',
    );
  });

  it('escapes raw HTML in text, headings and code', () => {
    const html = render('<script>alert(1)</script>\n\n# <img src=x onerror=alert(1)>\n\n```\n</code><script>\n```');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<h2>&lt;img src=x onerror=alert(1)&gt;</h2>');
    expect(html).toContain('<pre><code>&lt;/code&gt;&lt;script&gt;</code></pre>');
  });

  it('renders safe links with rel and target, and unsafe ones as text', () => {
    const html = render('[ok](https://example.com/a?b=1&c=2) [bad](javascript:alert(1)) [rel](./x)');
    expect(html).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noreferrer noopener">ok</a>',
    );
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('[bad](javascript:alert(1)) [rel](./x)');
  });

  it('escapes quotes in link destinations', () => {
    const html = render('[x](https://a.io/"onmouseover="alert(1))');
    expect(html).toContain('href="https://a.io/&quot;onmouseover=&quot;alert(1)"');
  });
});
