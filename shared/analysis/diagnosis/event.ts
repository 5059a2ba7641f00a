import type { DiagnosisEvent, DiagnosisStage } from '../../domain/diagnosis';
import { parseTime, type LineTime } from './attribute';
import type { LogFile } from './diagnose';
import { renderMessage, type DiagnosisRule } from './rules';
import { xidInfo } from './xid';

/** An event before root/cascade marking, with what ordering needs. */
export interface Finding {
  readonly event: Omit<DiagnosisEvent, 'root' | 'causeId'>;
  readonly role: 'root' | 'victim';
  readonly priority: number;
  readonly fileIndex: number;
  readonly when: LineTime | null;
}


/** What an event takes from the rule that found it (a table rule or a detector such as the hang check). */
export type RuleInfo = Pick<DiagnosisRule, 'id' | 'category' | 'severity' | 'message' | 'explanation' | 'fix' | 'role' | 'priority' | 'stageCategory'>;

export function makeFinding(
  f: LogFile, fileIndex: number, rule: RuleInfo, fields: Record<string, string>, line: number, endLine: number,
  body: string, raw: string, rank: number | null, node: string | null, step: number | null, stage: DiagnosisStage,
): Finding {
  let { category, severity, explanation, fix } = rule;
  if (rule.stageCategory?.[stage]) category = rule.stageCategory[stage] ?? category;
  if (rule.id === 'xid') {
    const info = xidInfo(Number(fields.xid));
    if (info) {
      category = info.category;
      severity = info.severity;
      fields.meaning = info.meaning;
      explanation = `Xid ${info.code}: ${info.meaning}.${info.applicationInduced ? ' Often caused by the application rather than the GPU.' : ''}`;
      fix = info.resolution;
    }
  }
  const when = parseTime(body);
  return {
    event: {
      id: `${f.file}:${line}:${rule.id}`, file: f.file, line, endLine, category, rule: rule.id, severity, step, rank, node,
      time: when?.text ?? null, stage, message: renderMessage(rule.message, fields), text: raw.trim(), explanation, fix, fields,
    },
    role: rule.role, priority: rule.priority, fileIndex, when,
  };
}
