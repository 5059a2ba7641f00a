import type { ConfigScalar } from '../../../shared/domain/run-config';
import { backtrackingRisk, MAX_PATTERN_LENGTH, MAX_SUBJECT_LENGTH } from '../../components/text-match';
import { compareCells, configCell } from '../library/run-columns';

/**
 * Group-by for the curves: runs that share a config value, or whose names a regex maps to the same text, become one
 * group, drawn as a mean line with a band (series:aggregate).
 */
export type GroupRule = { readonly kind: 'none' } | { readonly kind: 'config'; readonly key: string } | { readonly kind: 'regex'; readonly pattern: string };

export const NO_GROUPING: GroupRule = { kind: 'none' };

/** The aggregate channel's limit on groups per request. */
export const MAX_GROUPS = 50;

export interface RunGroup {
  readonly name: string;
  readonly runIds: readonly string[];
}

export interface Grouping {
  readonly groups: readonly RunGroup[];
  /** Why the rule cannot be applied (a broken regex), or what was left out (past MAX_GROUPS); null when all is well. */
  readonly note: string | null;
}

/** Name of the group holding runs without the key, or whose name the regex does not match. */
export const MISSING_GROUP = '(other)';

export function isGrouping(rule: GroupRule): boolean {
  return rule.kind === 'config' ? rule.key !== '' : rule.kind === 'regex' ? rule.pattern.trim() !== '' : false;
}

/** A name regex, `/…/` or bare, case-insensitive, refused when it could backtrack for long (as the table filter). */
export function compileGroupRegex(pattern: string): { ok: true; re: RegExp } | { ok: false; error: string } {
  let p = pattern.trim();
  if (p.length > 2 && p.startsWith('/') && p.endsWith('/')) p = p.slice(1, -1);
  if (p.length > MAX_PATTERN_LENGTH) return { ok: false, error: `Regex too long (over ${MAX_PATTERN_LENGTH} characters).` };
  const risk = backtrackingRisk(p);
  if (risk !== null) return { ok: false, error: `Regex refused: ${risk}.` };
  try {
    return { ok: true, re: new RegExp(p, 'i') };
  } catch (e) {
    return { ok: false, error: `Invalid regex: ${e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e)}` };
  }
}

/** The group a name falls in: capture group 1 when the regex has one and it took part, else the whole match. */
export function regexGroupName(re: RegExp, name: string): string | null {
  const m = re.exec(name.length > MAX_SUBJECT_LENGTH ? name.slice(0, MAX_SUBJECT_LENGTH) : name);
  if (!m) return null;
  return m[1] ?? m[0];
}

interface Keyed {
  readonly label: string;
  /** What the groups are ordered by; null sorts last (the `(other)` group). */
  readonly order: string | number | null;
}

/**
 * Splits runs (in plotting order) into groups. Groups come in value order (numbers numerically, text naturally) with
 * `(other)` last; runs keep their order inside a group. Past MAX_GROUPS the rest are left out and the note says so.
 */
export function groupRuns(runs: readonly { readonly id: string; readonly name: string }[], configs: ReadonlyMap<string, ReadonlyMap<string, ConfigScalar>>, rule: GroupRule): Grouping {
  if (!isGrouping(rule)) return { groups: [], note: null };
  let keyOf: (r: { id: string; name: string }) => Keyed;
  if (rule.kind === 'config') {
    keyOf = (r) => {
      const v = configCell(configs.get(r.id)?.get(rule.key));
      // String(), not the table's rounded format: two learning rates that round alike must stay two groups.
      return v === null ? { label: MISSING_GROUP, order: null } : { label: `${rule.key}=${String(v)}`, order: v };
    };
  } else if (rule.kind === 'regex') {
    const c = compileGroupRegex(rule.pattern);
    if (!c.ok) return { groups: [], note: c.error };
    keyOf = (r) => {
      const g = regexGroupName(c.re, r.name);
      return g === null || g === '' ? { label: MISSING_GROUP, order: null } : { label: g, order: g };
    };
  } else return { groups: [], note: null };

  const byLabel = new Map<string, { order: string | number | null; runIds: string[] }>();
  for (const r of runs) {
    const k = keyOf(r);
    const g = byLabel.get(k.label);
    if (g) g.runIds.push(r.id);
    else byLabel.set(k.label, { order: k.order, runIds: [r.id] });
  }
  const all = [...byLabel]
    .sort(([, a], [, b]) => (a.order === null ? (b.order === null ? 0 : 1) : b.order === null ? -1 : compareCells(a.order, b.order)))
    .map(([name, g]) => ({ name, runIds: g.runIds }));
  const groups = all.slice(0, MAX_GROUPS);
  return { groups, note: all.length > MAX_GROUPS ? `Showing the first ${MAX_GROUPS} of ${all.length} groups.` : null };
}
