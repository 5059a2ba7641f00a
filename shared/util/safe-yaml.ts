import type { Document, DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';
import { isCollection, isPair, parseDocument, visit } from 'yaml';

/**
 * YAML from user files (hparams.yaml, params.yaml, W&B config.yaml, MLflow meta.yaml, sweep manifests, dataset cards)
 * with bounds on what the `yaml` package does badly with hostile input (found by test/unit/fuzz/yaml.fuzz.test.ts):
 * - its parser and composer recurse once per nesting level and slow down with depth; compact nesting costs 2 bytes a
 *   level (`- - - -…`, `[[[[…`), and near the stack limit V8 has aborted the whole process ("RegExpCompiler
 *   Allocation failed") instead of throwing;
 * - toJS stringifies a mapping key that is itself a collection at every level: 513 bytes of nested `? ` keys took 17 s.
 * So the nesting depth is bounded by a linear scan before anything is parsed, collection keys (no config writer
 * emits them) are refused, anchors and aliases are counted before parsing (MAX_YAML_ANCHORS), and alias expansion is
 * bounded as yaml's own `parse` bounds it (a "billion laughs" file).
 * Real config files nest a few levels deep; MAX_YAML_DEPTH leaves a wide margin.
 */
export const MAX_YAML_DEPTH = 100;
/**
 * Anchors and aliases: yaml's composer resolves each alias by a search that grows with the anchors before it
 * (quadratic: 4000 aliases of one anchor took 0.4 s, 40000 would take about 40 s). Config writers use none.
 */
export const MAX_YAML_ANCHORS = 1000;
/** `&name` and `*name` where a node may start; also counts look-alikes in quoted text, which only overestimates. */
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,:?-])[&*][^\s[\]{},]/g;

export class YamlLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlLimitError';
  }
}

type Options = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * An upper bound of the text's nesting depth: flow brackets open at a line's start, plus, for block structure, two
 * levels (a mapping and a sequence may share a column) per indentation level in force, plus the compact indicators
 * (`- `, `? `, `: `) that open the line. Brackets are counted in strings and comments too: that only overestimates.
 */
export function yamlDepthBound(text: string): number {
  const indents: { readonly col: number; readonly depth: number }[] = [];
  let flow = 0;
  let max = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    let col = 0;
    while (i < n && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) {
      i++;
      col++;
    }
    let compact = 0;
    for (;;) {
      const c = text.charCodeAt(i);
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0x0a;
      if ((c === 0x2d || c === 0x3f || c === 0x3a) && (next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d)) {
        compact++;
        i++;
        while (i < n && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
      } else break;
    }
    let top = indents[indents.length - 1];
    while (top !== undefined && top.col >= col) {
      indents.pop();
      top = indents[indents.length - 1];
    }
    const depth = (top?.depth ?? 0) + 2 + compact;
    indents.push({ col, depth });
    max = Math.max(max, depth + flow);
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) {
        i++;
        break;
      }
      if (c === 0x5b || c === 0x7b) {
        flow++;
        max = Math.max(max, depth + flow);
      } else if ((c === 0x5d || c === 0x7d) && flow > 0) flow--;
    }
    if (max > MAX_YAML_DEPTH) return max;
  }
  return max;
}

/** yaml's parseDocument, refusing (YamlLimitError) text nested deeper than MAX_YAML_DEPTH or with collection keys. */
export function parseYamlDocument(text: string, options: Options = {}): Document.Parsed {
  const bound = yamlDepthBound(text);
  if (bound > MAX_YAML_DEPTH) throw new YamlLimitError(`nested more than ${MAX_YAML_DEPTH} levels deep; not read`);
  let anchors = 0;
  ANCHOR_OR_ALIAS.lastIndex = 0;
  while (ANCHOR_OR_ALIAS.exec(text) !== null) {
    if (++anchors > MAX_YAML_ANCHORS) throw new YamlLimitError(`more than ${MAX_YAML_ANCHORS} anchors and aliases; not read`);
  }
  const doc = parseDocument(text, options);
  let hasCollectionKey = false;
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isCollection(pair.key)) {
        hasCollectionKey = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (hasCollectionKey) throw new YamlLimitError('a mapping key is a list or a mapping (not a config file); not read');
  return doc;
}

/** The document as plain values; aliases are bounded as yaml's own parse bounds them. */
export function yamlToJs(doc: Document.Parsed): unknown {
  return doc.toJS({ maxAliasCount: 100 });
}

/** yaml's `parse` with the bounds above: throws the first parse error, or YamlLimitError. Warnings are not logged. */
export function parseYaml(text: string): unknown {
  const doc = parseYamlDocument(text, { logLevel: 'error' });
  const first = doc.errors[0];
  if (first) throw first;
  return yamlToJs(doc);
}
