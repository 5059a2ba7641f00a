import type { DiagnosisEvent, DiagnosisStage } from '../../domain/diagnosis';
import { median as robustMedian } from '../findings/robust';
import { splitPrefix, stepInLine } from './attribute';
import { LogProgress } from './log-progress';
import { makeFinding, type Finding } from './event';
import { detectHang } from './hang';
import { pickRoot } from './root';
import { compileRule, RULES, type DiagnosisRule } from './rules';

/** One log file of a run (per-rank logs are several files), as stored: lines cleaned, launcher prefixes kept. */
export interface LogFile {
  /** Path relative to the run's source folder. */
  readonly file: string;
  readonly lines: readonly string[];
  /** 1-based line number of lines[0]. */
  readonly firstLine: number;
}

const COMPILED = RULES.map((rule) => ({ rule, re: compileRule(rule) }));
/**
 * Rules see at most this much of a line: what the raw-log importer stores of one (W&B console lines are not cut).
 * Every rule is linear on its own, but forty of them on every line of a log of megabyte lines is not a bound worth
 * trusting to regex engines; no failure signature starts beyond this.
 */
const MAX_MATCH_CHARS = 65_536;
const FRAME = /^\s*File "(?<file>[^"]+)", line (?<line>\d+), in (?<fn>\S+)/;
const CODE_CATEGORIES = new Set(['code', 'config']);

interface OpenTraceback {
  line: number;
  frame: { file: string; line: string; fn: string } | null;
  /** Stage and step when the traceback began, for one whose exception line never comes. */
  readonly stage: DiagnosisStage;
  readonly step: number | null;
}

/**
 * Finds failure events in a run's logs with the rule table, attributes them (node, rank, stage, step, time) and
 * marks the root cause and its cascade (analyses.md §5.3 D).
 *
 * Duplicates: the same rule firing again on the same rank and file with the same text (numbers masked) is folded
 * into its first event, with `fields.count` and `fields.lastLine`; a different rank keeps its own event, because
 * which ranks reported an error is evidence (the NCCL victim pattern).
 */
export function diagnoseLogs(files: readonly LogFile[]): DiagnosisEvent[] {
  const findings: Finding[] = [];
  files.forEach((f, fileIndex) => {
    const found = scanFile(f, fileIndex);
    findings.push(...found);
    const hang = detectHang(f, fileIndex, found);
    if (hang) findings.push(hang);
  });
  return pickRoot(findings);
}

function scanFile(f: LogFile, fileIndex: number): Finding[] {
  const out: Finding[] = [];
  const byKey = new Map<string, { finding: Finding; count: number }>();
  const openTb = new Map<string, OpenTraceback>();
  const history = new Map<string, number[]>();
  const progressAfter: number[] = [];
  const at = new LogProgress();

  f.lines.forEach((raw, i) => {
    const lineNo = f.firstLine + i;
    const p = splitPrefix(raw);
    const body = p.body;
    const rankKey = String(p.rank ?? '');
    if (at.see(body).progress) progressAfter.push(lineNo);
    const { stage, step: lastStep } = at;

    const frame = FRAME.exec(body);
    const tb = openTb.get(rankKey);
    if (frame?.groups && tb) tb.frame = { file: frame.groups.file ?? '', line: frame.groups.line ?? '', fn: frame.groups.fn ?? '' };

    const hit = matchLine(body.length > MAX_MATCH_CHARS ? body.slice(0, MAX_MATCH_CHARS) : body, rankKey, history);
    if (!hit) return;
    const { rule, groups } = hit;
    if (rule.id === 'python-traceback') {
      openTb.set(rankKey, { line: lineNo, frame: null, stage, step: lastStep });
      return;
    }
    const fields: Record<string, string> = { ...groups };
    let first = lineNo;
    if (tb) {
      openTb.delete(rankKey);
      first = tb.line;
      fields.tracebackLine = String(tb.line);
      if (tb.frame) Object.assign(fields, { frameFile: tb.frame.file, frameLine: tb.frame.line, frameFunction: tb.frame.fn });
    }
    if (p.localRank !== null) fields.localRank = String(p.localRank);
    const finding = makeFinding(f, fileIndex, rule, fields, first, lineNo, body, raw, p.rank, p.node, stepInLine(body) ?? lastStep, stage);
    const dupKey = `${rule.id}|${rankKey}|${body.replace(/\d+(?:\.\d+)?/g, '#')}`;
    const seen = byKey.get(dupKey);
    if (seen) {
      seen.count += 1;
      seen.finding.event.fields.count = String(seen.count);
      seen.finding.event.fields.lastLine = String(lineNo);
      return;
    }
    byKey.set(dupKey, { finding, count: 1 });
    out.push(finding);
  });

  // A traceback whose exception line never came (the log was cut): report the traceback itself.
  const tbRule = RULES.find((r) => r.id === 'python-traceback');
  if (tbRule) {
    for (const [rankKey, tb] of openTb) {
      const idx = tb.line - f.firstLine;
      const raw = f.lines[idx] ?? '';
      const p = splitPrefix(raw);
      const fields: Record<string, string> = tb.frame ? { frameFile: tb.frame.file, frameLine: tb.frame.line, frameFunction: tb.frame.fn } : {};
      out.push(makeFinding(f, fileIndex, tbRule, fields, tb.line, tb.line, p.body, raw, rankKey === '' ? null : Number(rankKey), p.node, tb.step, tb.stage));
    }
  }
  // A code error after which training went on was handled (Ray's "Error occurred while …"): not a failure, and not
  // reported, so a healthy run's log stays clean.
  const lastProgress = progressAfter.at(-1) ?? -1;
  return out.filter((x) => !(CODE_CATEGORIES.has(x.event.category) && x.event.endLine < lastProgress));
}

function matchLine(body: string, rankKey: string, history: Map<string, number[]>): { rule: DiagnosisRule; groups: Record<string, string> } | null {
  let found: { rule: DiagnosisRule; groups: Record<string, string> } | null = null;
  for (const { rule, re } of COMPILED) {
    const m = re.exec(body);
    if (!m) continue;
    const groups: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) groups[k] = v;
    if (rule.jump) {
      // Every value feeds the history, whether or not an earlier rule already claimed the line.
      const key = `${rule.id}|${rankKey}`;
      const value = Number(groups[rule.jump.field]);
      const past = history.get(key) ?? [];
      const med = median(past);
      if (Number.isFinite(value)) history.set(key, [...past.slice(-99), value]);
      if (found || med === null || !Number.isFinite(value) || !(value > rule.jump.ratio * med)) continue;
      groups.median = med.toPrecision(4);
    }
    found ??= { rule, groups };
  }
  return found;
}

/** The median (mean of the two middle values for an even count); null for none. */
function median(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : robustMedian(xs);
}

