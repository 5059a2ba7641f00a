import type { DiagnosisStage } from '../../domain/diagnosis';
import { ISO_STAMP, isoStampTime } from '../../util/iso-stamp';

/**
 * Attribution of one log line (analyses.md §5.3 A/B): rank, node, time, step and stage, from what the line and the
 * lines before it in the same file say. Pure string work; nothing here knows about rules.
 */

// Ray actor prefix, then torchrun/DeepSpeed `[rankN]:` / `[defaultN]:`; several can stack.
const RAY = /^\s*\((?:(?<actor>[\w.:-]+) )*?(?:\w+ )?pid=(?<pid>\d+)(?:, ip=(?<ip>[\d.]+))?\)\s*/;
const RANK_PREFIX = /^\s*\[(?:rank|default)(?<rank>\d+)\]:\s?/;
const SRUN_LABEL = /^(?<task>\d+): /;
const NCCL_PREFIX = /^(?<host>[A-Za-z][\w.-]*):(?<pid>\d+):(?<tid>\d+) \[(?<local>\d+)\]/;

export interface LinePrefix {
  /** The line without launcher prefixes: what rules match. */
  readonly body: string;
  readonly rank: number | null;
  readonly node: string | null;
  readonly localRank: number | null;
}

export function splitPrefix(line: string): LinePrefix {
  let body = line;
  let rank: number | null = null;
  let node: string | null = null;
  let localRank: number | null = null;
  for (;;) {
    const ray = RAY.exec(body);
    if (ray?.groups) {
      // verl names actors `<id>WorkerDict_<group>:<rank>`: the last number is the worker's rank.
      const actorRank = /:(\d+)$/.exec(ray.groups.actor ?? '');
      if (actorRank?.[1] !== undefined && rank === null) rank = Number(actorRank[1]);
      if (ray.groups.ip !== undefined) node = ray.groups.ip;
      body = body.slice(ray[0].length);
      continue;
    }
    const pr = RANK_PREFIX.exec(body);
    if (pr?.groups?.rank !== undefined) {
      rank = Number(pr.groups.rank);
      body = body.slice(pr[0].length);
      continue;
    }
    break;
  }
  if (rank === null) {
    const srun = SRUN_LABEL.exec(body);
    if (srun?.groups?.task !== undefined) {
      rank = Number(srun.groups.task);
      body = body.slice(srun[0].length);
    }
  }
  const nccl = NCCL_PREFIX.exec(body);
  if (nccl?.groups) {
    node ??= nccl.groups.host ?? null;
    localRank = Number(nccl.groups.local);
  }
  if (rank === null) {
    // ProcessGroupNCCL's `[Rank 3]`, NCCL's `comm … rank 6 nranks 8`, torchrun's `local_rank: 6`.
    const inMsg = /\[(?:PG [^\]]*?)?Rank (\d+)\]|\brank (\d+) nranks \d+|\bRANK=(\d+)/.exec(body);
    const n = inMsg?.[1] ?? inMsg?.[2] ?? inMsg?.[3];
    if (n !== undefined) rank = Number(n);
  }
  if (node === null) {
    const host = /srun: error: ([\w.-]+):|\bip=([\d.]+)|\bon host ([\w.-]+)/.exec(body);
    node = host?.[1] ?? host?.[2] ?? host?.[3] ?? null;
  }
  return { body, rank, node, localRank };
}

/** A timestamp as written and how it orders: `abs` (epoch ms), `year-less` (glog: ms within a year), `relative` (dmesg seconds). */
export interface LineTime {
  readonly text: string;
  readonly kind: 'abs' | 'year-less' | 'relative';
  readonly ms: number;
}

const ISO_ANYWHERE = new RegExp(ISO_STAMP);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: string | number, w = 2): string {
  return String(n).padStart(w, '0');
}

export function parseTime(body: string): LineTime | null {
  let m = ISO_ANYWHERE.exec(body);
  if (m) {
    const t = isoStampTime(m);
    if (t !== null) return { text: t.text, kind: 'abs', ms: t.ms };
  }
  m = /\b(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})/.exec(body);
  if (m) {
    const [, mo, d, y, h, mi, s] = m;
    const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
    const t = Date.parse(`${iso}Z`);
    if (Number.isFinite(t)) return { text: iso, kind: 'abs', ms: t };
  }
  // glog (`E1218 20:27:21.426415540`, `W0424 01:17:26.433000`): no year, so kept as written, ordered within a year.
  m = /(?:^|\[)[IWEF](\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?/.exec(body);
  if (m) {
    const [, mo, d, h, mi, s, frac] = m;
    const t = Date.UTC(2000, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number((frac ?? '0').padEnd(3, '0').slice(0, 3)));
    return { text: `${mo}-${d}T${h}:${mi}:${s}${frac !== undefined ? `.${frac}` : ''}`, kind: 'year-less', ms: t };
  }
  m = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})/.exec(body);
  if (m) {
    const [, mon, d, h, mi, s] = m;
    const mo = MONTHS.indexOf(mon ?? '') + 1;
    const t = Date.UTC(2000, mo - 1, Number(d), Number(h), Number(mi), Number(s));
    return { text: `${pad(mo)}-${pad(d ?? '')}T${h}:${mi}:${s}`, kind: 'year-less', ms: t };
  }
  m = /^\[\s*(\d+\.\d+)\]/.exec(body);
  if (m?.[1] !== undefined) return { text: m[1], kind: 'relative', ms: Number(m[1]) * 1000 };
  return null;
}

/** A progress line's step (Megatron, verl, tqdm) or `'hf'` for an HF Trainer log dict, which carries no step. */
export function progressStep(body: string): number | 'hf' | null {
  let m = /\biteration\s+(\d+)\s*\/\s*\d+\s*\|/.exec(body);
  if (m?.[1] !== undefined) return Number(m[1]);
  m = /^step:(\d+) - /.exec(body);
  if (m?.[1] !== undefined) return Number(m[1]);
  if (/^\{'loss': [-\d.eE+naif]+,/.test(body)) return 'hf';
  // tqdm bars of training loops only: "Loading checkpoint shards: 2/3" is not a training step.
  m = /^\s*(?:(?:Steps?|Epoch \d+|Training|Train|train)\s*:?\s*)?\d+%\|[^|]*\|\s*(\d+)\/(\d+) \[/.exec(body);
  if (m?.[1] !== undefined) return Number(m[1]);
  return null;
}

/** A step the line itself names (`iteration 12`, `step 5`, `global_step=3.2e+4`, `Step 7/`). */
export function stepInLine(body: string): number | null {
  const m = /\b(?:iteration|global_step|step)\s*[:=]?\s*(\d+(?:\.\d+)?(?:e\+?\d+)?)\b|\bStep (\d+)\//i.exec(body);
  const raw = m?.[1] ?? m?.[2];
  if (raw === undefined) return null;
  const n = Number(raw);
  return Number.isFinite(n) ? Math.round(n) : null;
}

/** Stage markers (§5.3 B); the stage holds until the next marker. */
const STAGE_MARKERS: readonly { readonly re: RegExp; readonly stage: DiagnosisStage | 'resume' }[] = [
  { re: /successfully (?:loaded|saved) checkpoint/i, stage: 'resume' },
  { re: /\bsaving (?:model )?checkpoint|Saving model checkpoint to|\bsave_checkpoint\b/i, stage: 'checkpoint-save' },
  { re: /\b(?:loading|load|restor(?:e|ing)|resum(?:e|ing)|search(?:ing)? for)\b.{0,40}\bcheckpoints?\b|Loading model from/i, stage: 'checkpoint-load' },
  { re: /\b(?:valid(?:ation)? loss at iteration|Running Evaluation|\*\*\*\*\* Running Evaluation|'eval_loss')/i, stage: 'eval' },
  { re: /\bexiting program\b|Training completed|training finished|destroy_process_group\(\) was not called/i, stage: 'teardown' },
];

export function stageMarker(body: string): DiagnosisStage | 'resume' | null {
  for (const m of STAGE_MARKERS) if (m.re.test(body)) return m.stage;
  return null;
}
