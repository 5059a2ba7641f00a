import { parseTime, splitPrefix, type LineTime } from './attribute';
import type { LogFile } from './diagnose';
import { makeFinding, type Finding, type RuleInfo } from './event';
import { LogProgress } from './log-progress';
import { formatDuration } from '../../util/format-duration';

/**
 * A hang has no line of its own: the job keeps logging (scheduler pulses, heartbeats) but its progress lines stop.
 * Analyses.md §5.3 D: the silence after the last progress line exceeds max(5 × median step time, the NCCL timeout).
 * Without a timeout the collective waits forever, so no rule fires and this is the only trace.
 */
export const HANG_RULE: RuleInfo = {
  id: 'hang',
  category: 'network',
  severity: 'critical',
  role: 'root',
  // Below every explicit error: a logged crash explains the silence better than the silence does.
  priority: 20,
  message: 'No progress for {silence} after step {step} ({stage}) while the job kept running',
  explanation:
    'The job stopped making progress but did not exit: usually a collective (NCCL) waiting for a rank that never arrives, with no timeout to end it. Hangs at eval or checkpoint save are common when ranks take different code paths there.',
  fix: 'Set a collective timeout (init_process_group(timeout=…), TORCH_NCCL_ASYNC_ERROR_HANDLING=1) so a hang fails fast; py-spy dump every rank to find the one that is elsewhere; make eval/save run the same collectives on every rank.',
};

/** PyTorch's default process-group timeout: a shorter silence can be a slow step. */
const NCCL_TIMEOUT_S = 600;
const STEP_TIMES = 5;

const ELAPSED = /elapsed time per iteration \((ms|s)\):\s*([\d.]+)/;

export function detectHang(f: LogFile, fileIndex: number, found: readonly Finding[]): Finding | null {
  let lastProgress = -1;
  let lastActivity = -1;
  const at = new LogProgress();
  const stepSeconds: number[] = [];
  const progressTimes: { step: number; when: LineTime }[] = [];
  const bodies = f.lines.map((raw) => splitPrefix(raw).body);
  for (let i = 0; i < bodies.length; i++) {
    const body = bodies[i] ?? '';
    const seen = at.see(body);
    if (seen.progress) {
      lastProgress = i;
      lastActivity = i;
      const el = ELAPSED.exec(body);
      if (el?.[2] !== undefined) stepSeconds.push(Number(el[2]) / (el[1] === 'ms' ? 1000 : 1));
      const when = parseTime(body);
      if (when && at.step !== null) progressTimes.push({ step: at.step, when });
    }
    if (seen.marker && lastProgress >= 0) lastActivity = i;
  }
  const { step, stage } = at;
  if (lastProgress < 0 || stage === 'teardown') return null;
  // A logged failure after the last progress line means the job died: that is the story, not a hang.
  const lastProgressLine = f.firstLine + lastProgress;
  if (found.some((x) => x.event.severity === 'critical' && x.event.line > lastProgressLine)) return null;

  let first: LineTime | null = null;
  let last: { when: LineTime; index: number } | null = null;
  for (let i = lastProgress; i < bodies.length; i++) {
    const when = parseTime(bodies[i] ?? '');
    if (!when || (first && when.kind !== first.kind)) continue;
    first ??= when;
    last = { when, index: i };
  }
  if (!first || !last) return null;
  const silence = (last.when.ms - first.ms) / 1000;
  const median = medianStepSeconds(stepSeconds, progressTimes);
  if (!(silence > Math.max(STEP_TIMES * median, NCCL_TIMEOUT_S))) return null;

  const fields = { silence: formatDuration(silence), silenceSeconds: String(Math.round(silence)), medianStepSeconds: median.toPrecision(3), step: String(step), stage };
  const raw = f.lines[lastActivity] ?? '';
  return makeFinding(f, fileIndex, HANG_RULE, fields, f.firstLine + lastActivity, f.firstLine + last.index, bodies[lastActivity] ?? '', raw, splitPrefix(raw).rank, null, step, stage);
}

function medianStepSeconds(logged: readonly number[], times: readonly { step: number; when: LineTime }[]): number {
  const xs = [...logged];
  for (let i = 1; i < times.length; i++) {
    const a = times[i - 1];
    const b = times[i];
    if (a && b && b.step > a.step && a.when.kind === b.when.kind) xs.push((b.when.ms - a.when.ms) / 1000 / (b.step - a.step));
  }
  if (xs.length === 0) return 0;
  const s = xs.sort((p, q) => p - q);
  return s[Math.floor(s.length / 2)] ?? 0;
}
