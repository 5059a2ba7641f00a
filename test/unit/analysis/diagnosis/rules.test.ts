import { describe, expect, it } from 'vitest';
import { diagnoseLogs } from '../../../../shared/analysis/diagnosis/diagnose';
import { HANG_RULE } from '../../../../shared/analysis/diagnosis/hang';
import { compileRule, renderMessage, RULES, RULES_VERSION } from '../../../../shared/analysis/diagnosis/rules';
import { XID_TABLE, xidInfo } from '../../../../shared/analysis/diagnosis/xid';
import { DiagnosisCategory } from '../../../../shared/domain/diagnosis';

/** One test per rule and example, generated from the table: adding a rule without examples fails here. */
const one = (lines: readonly string[]) => diagnoseLogs([{ file: 'train.log', lines, firstLine: 1 }]);

describe('rule table (issue 9: rules as data)', () => {
  it('is versioned, with unique ids and issue 9 categories', () => {
    expect(RULES_VERSION).toBeGreaterThanOrEqual(1);
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(HANG_RULE.id);
    for (const r of RULES) expect(DiagnosisCategory.options).toContain(r.category);
    // Every category issue 9 names has at least one rule.
    for (const c of DiagnosisCategory.options) expect(RULES.some((r) => r.category === c), c).toBe(true);
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      it('has at least one positive and one negative example', () => {
        expect(rule.examples.match.length).toBeGreaterThan(0);
        expect(rule.examples.noMatch.length).toBeGreaterThan(0);
      });
      for (const line of rule.examples.match) {
        it(`matches ${JSON.stringify(line.slice(0, 60))}`, () => {
          const m = compileRule(rule).exec(line);
          expect(m).not.toBeNull();
          for (const f of rule.fields) expect(m?.groups?.[f], f).toBeDefined();
          if (rule.jump) return; // needs a history: covered below
          // The whole table classifies it as this rule (first match wins, so order matters).
          expect(one([line]).map((e) => e.rule)).toContain(rule.id);
        });
      }
      for (const line of rule.examples.noMatch) {
        it(`does not match ${JSON.stringify(line.slice(0, 60))}`, () => {
          expect(compileRule(rule).exec(line)).toBeNull();
        });
      }
    });
  }

  it('fills message fields and marks what a line did not carry', () => {
    expect(renderMessage('Xid {xid} on {pci}', { xid: '79' })).toBe('Xid 79 on ?');
  });

  it('fires the loss-spike rule on a jump against the median so far, not on a high first value', () => {
    const at = (n: number, loss: number) => ` iteration ${n}/ 1000 | lm loss: ${loss.toExponential(6)} | grad norm: 1.0 |`;
    expect(one([at(1, 9), at(2, 8.5), at(3, 8)]).map((e) => e.rule)).toEqual([]);
    const spike = one([at(1, 2.1), at(2, 2.0), at(3, 2.05), at(4, 6.2), at(5, 2.0)]);
    expect(spike.map((e) => [e.rule, e.step])).toEqual([['loss-spike', 4]]);
    expect(spike[0]?.fields.median).toBe('2.050');
  });
});

describe('Xid table (analyses.md §5.3 C)', () => {
  it('maps hardware codes to gpu-hardware and application-induced ones to code', () => {
    for (const code of [48, 63, 64, 74, 79, 92, 94, 95, 119, 120]) expect(xidInfo(code)?.category, String(code)).toBe('gpu-hardware');
    for (const code of [13, 31, 43]) expect(xidInfo(code)).toMatchObject({ category: 'code', applicationInduced: true });
    expect(new Set(XID_TABLE.map((x) => x.code)).size).toBe(XID_TABLE.length);
  });

  it('takes category, severity and fix from the table, not from the regex rule', () => {
    const [e] = one(['[100.0] NVRM: Xid (PCI:0000:3b:00): 13, pid=42, Graphics Exception: ESR 0x404600=0x80000002']);
    expect(e).toMatchObject({ rule: 'xid', category: 'code', severity: 'warning', fields: expect.objectContaining({ xid: '13', meaning: 'graphics engine exception' }) });
    const [hw] = one(['NVRM: Xid (PCI:0000:3b:00): 48, An uncorrectable double bit error']);
    expect(hw).toMatchObject({ category: 'gpu-hardware', severity: 'critical', root: true });
    const [unknown] = one(['NVRM: Xid (PCI:0000:3b:00): 999, something new']);
    expect(unknown).toMatchObject({ category: 'gpu-hardware', rule: 'xid' });
  });
});
