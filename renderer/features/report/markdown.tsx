import { useMemo, type ReactNode } from 'react';
import { parseInline } from './markdown-inline';

export { parseInline, safeHref } from './markdown-inline';

/**
 * Safe Markdown for report free-text sections (issue 7).
 *
 * Two layers: `parseMarkdown` turns a small CommonMark subset into a plain AST (no React, testable on its own), and
 * `Markdown` renders that AST with JSX elements only. The text is user-authored but may be pasted from anywhere, so
 * nothing in it ever becomes HTML: raw tags are text, and only http(s)/mailto destinations become links.
 *
 * Deliberate departures from CommonMark, to keep the subset small and predictable:
 * - no nesting: nested list items are flattened into their list, a quote holds paragraphs only;
 * - `---` under a paragraph is a rule, not a setext heading; indented code blocks are ordinary paragraphs;
 * - emphasis pairing ignores the "multiple of 3" rule and never pairs across a `[`; link titles, reference links,
 *   autolinks and raw HTML are not recognised;
 * - lines of a paragraph are joined with a single space (no hard breaks).
 */

export type MdInline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; children: MdInline[] }
  | { kind: 'em'; children: MdInline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: MdInline[] };

export type MdBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; children: MdInline[] }
  | { kind: 'paragraph'; children: MdInline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: MdInline[][] }
  | { kind: 'code'; lang: string; text: string }
  | { kind: 'quote'; paragraphs: MdInline[][] }
  | { kind: 'rule' };

/** Report notes are short; the cap keeps a pasted log from freezing the renderer. */
export const MARKDOWN_MAX_CHARS = 100_000;
export const TRUNCATION_MARK = '…';

// ---------------------------------------------------------------------------------------------------------------
// Block level

const FENCE_RE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/;
const RULE_RE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const HEADING_RE = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const QUOTE_RE = /^ {0,3}> ?(.*)$/;
const BULLET_RE = /^[ \t]*[-*+](?:[ \t]+(.*))?$/;
const ORDERED_RE = /^[ \t]*(\d{1,9})[.)](?:[ \t]+(.*))?$/;

interface ListItemLine {
  ordered: boolean;
  start: number;
  content: string;
}

function listItem(line: string): ListItemLine | null {
  const b = BULLET_RE.exec(line);
  if (b) return { ordered: false, start: 1, content: b[1] ?? '' };
  const o = ORDERED_RE.exec(line);
  if (o) return { ordered: true, start: Number(o[1]), content: o[2] ?? '' };
  return null;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/**
 * Whether a line starts a block and so ends a running paragraph. Ordered items only interrupt when numbered 1, as in
 * CommonMark, so prose like "in\n2019. we" stays one paragraph.
 */
function interrupts(line: string): boolean {
  if (FENCE_RE.test(line) || RULE_RE.test(line) || HEADING_RE.test(line) || QUOTE_RE.test(line)) return true;
  const item = listItem(line);
  return item !== null && (!item.ordered || item.start === 1);
}

function joinLines(lines: readonly string[]): string {
  return lines.map((l) => l.trim()).join(' ');
}

export function parseMarkdown(src: string): MdBlock[] {
  let text = src;
  let truncated = false;
  if (text.length > MARKDOWN_MAX_CHARS) {
    let cut = MARKDOWN_MAX_CHARS;
    const last = text.charCodeAt(cut - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut -= 1; // never split a surrogate pair
    text = text.slice(0, cut);
    truncated = true;
  }
  const lines = text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD').split('\n');
  const blocks: MdBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (isBlank(line)) {
      i += 1;
      continue;
    }
    const fence = FENCE_RE.exec(line);
    if (fence) {
      const marker = fence[1] ?? '```';
      const body: string[] = [];
      i += 1;
      // An unterminated fence runs to the end of the text, as in CommonMark.
      while (i < lines.length) {
        const l = lines[i] ?? '';
        const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(l);
        i += 1;
        if (close && close[1]?.[0] === marker[0] && (close[1]?.length ?? 0) >= marker.length) break;
        body.push(l);
      }
      blocks.push({ kind: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    if (RULE_RE.test(line)) {
      blocks.push({ kind: 'rule' });
      i += 1;
      continue;
    }
    const heading = HEADING_RE.exec(line);
    if (heading) {
      const level = Math.min((heading[1] ?? '#').length, 3) as 1 | 2 | 3;
      blocks.push({ kind: 'heading', level, children: parseInline(heading[2] ?? '') });
      i += 1;
      continue;
    }
    if (QUOTE_RE.test(line)) {
      const paragraphs: string[][] = [[]];
      while (i < lines.length) {
        const l = lines[i] ?? '';
        const q = QUOTE_RE.exec(l);
        const current = paragraphs[paragraphs.length - 1] ?? [];
        if (q) {
          const inner = q[1] ?? '';
          if (isBlank(inner)) {
            if (current.length > 0) paragraphs.push([]);
          } else current.push(inner);
        } else if (!isBlank(l) && !interrupts(l) && current.length > 0) {
          current.push(l); // lazy continuation of the quoted paragraph
        } else break;
        i += 1;
      }
      blocks.push({
        kind: 'quote',
        paragraphs: paragraphs.filter((p) => p.length > 0).map((p) => parseInline(joinLines(p))),
      });
      continue;
    }
    const first = listItem(line);
    if (first) {
      const items: string[][] = [];
      while (i < lines.length) {
        const l = lines[i] ?? '';
        if (RULE_RE.test(l)) break;
        const item = listItem(l);
        if (item && item.ordered === first.ordered) {
          items.push(item.content === '' ? [] : [item.content]);
          i += 1;
          continue;
        }
        if (isBlank(l)) {
          // A blank line ends the list unless the next non-blank line is another item of the same kind.
          let j = i + 1;
          while (j < lines.length && isBlank(lines[j] ?? '')) j += 1;
          const next = j < lines.length ? listItem(lines[j] ?? '') : null;
          if (next && next.ordered === first.ordered && !RULE_RE.test(lines[j] ?? '')) {
            i = j;
            continue;
          }
          break;
        }
        if (interrupts(l)) break;
        items[items.length - 1]?.push(l); // continuation line of the current item
        i += 1;
      }
      blocks.push({
        kind: 'list',
        ordered: first.ordered,
        start: first.start,
        items: items.map((lines) => parseInline(joinLines(lines))),
      });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length) {
      const l = lines[i] ?? '';
      if (isBlank(l) || (para.length > 0 && interrupts(l))) break;
      para.push(l);
      i += 1;
    }
    blocks.push({ kind: 'paragraph', children: parseInline(joinLines(para)) });
  }
  if (truncated) blocks.push({ kind: 'paragraph', children: [{ kind: 'text', text: TRUNCATION_MARK }] });
  return blocks;
}

// ---------------------------------------------------------------------------------------------------------------
// Inline level
//
// One left-to-right pass with a stack of open frames (emphasis delimiter runs and link brackets). A closer pops
// frames down to its opener; frames it passes over fall back to literal text. Each frame is pushed and popped once,
// and a frame that falls back is spliced into its parent as a group (O(1)) that is expanded once when the parent is
// finished, so the pass stays linear even on adversarial input like 100k asterisks or brackets.

function renderInlines(nodes: readonly MdInline[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.kind) {
      case 'text':
        return n.text;
      case 'strong':
        return <strong key={i}>{renderInlines(n.children)}</strong>;
      case 'em':
        return <em key={i}>{renderInlines(n.children)}</em>;
      case 'code':
        return <code key={i}>{n.text}</code>;
      case 'link':
        return (
          <a key={i} href={n.href} target="_blank" rel="noreferrer noopener">
            {renderInlines(n.children)}
          </a>
        );
    }
  });
}

function renderBlock(b: MdBlock, i: number): ReactNode {
  switch (b.kind) {
    case 'heading': {
      // The report page owns h1, so Markdown headings start at h2.
      const Tag = (['h2', 'h3', 'h4'] as const)[b.level - 1] ?? 'h4';
      return <Tag key={i}>{renderInlines(b.children)}</Tag>;
    }
    case 'paragraph':
      return <p key={i}>{renderInlines(b.children)}</p>;
    case 'list': {
      const items = b.items.map((item, j) => <li key={j}>{renderInlines(item)}</li>);
      return b.ordered ? (
        <ol key={i} start={b.start === 1 ? undefined : b.start}>
          {items}
        </ol>
      ) : (
        <ul key={i}>{items}</ul>
      );
    }
    case 'code':
      return (
        <pre key={i}>
          <code className={b.lang ? `language-${b.lang}` : undefined}>{b.text}</code>
        </pre>
      );
    case 'quote':
      return (
        <blockquote key={i}>
          {b.paragraphs.map((p, j) => (
            <p key={j}>{renderInlines(p)}</p>
          ))}
        </blockquote>
      );
    case 'rule':
      return <hr key={i} />;
  }
}

export function Markdown({ source }: { source: string }) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return (
    <div className="markdown" data-testid="report.markdown">
      {blocks.map(renderBlock)}
    </div>
  );
}
