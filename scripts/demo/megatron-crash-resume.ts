/**
 * `megatron-crash-resume/train.log`: the console log of a Megatron-LM GPT pretraining job launched by torchrun on one
 * 8-GPU node, as the raw-log importer reads it. It checkpoints every 500 iterations; during iteration 1,731 one GPU
 * (rank 5) hits an uncorrectable ECC error. Its process hangs, the other seven ranks' NCCL watchdogs time out ten
 * minutes later and abort, and torchrun reports a ChildFailedError whose "first observed failure" is rank 0 (a
 * cascade victim, not the root cause). The job wrapper relaunches it on another node; it loads the iteration-1,500
 * checkpoint and trains 1,501–3,000, so the `lm loss` curve goes back in step once (1,730 → 1,510).
 *
 * Deterministic: fixed clock, seeded PRNG (shared/util/prng.ts).
 */
import path from 'node:path';
import { seededPrng } from '../../shared/util/prng';
import type { DemoContext } from './more-runs';

export const MEGATRON_CRASH_DIR = 'megatron-crash-resume';

const TRAIN_ITERS = 3000;
const LOG_INTERVAL = 10;
const SAVE_INTERVAL = 500;
const EVAL_INTERVAL = 1000;
const GLOBAL_BATCH = 256;
const CRASH_AFTER = 1730;
const CKPT_DIR = '/checkpoints/gpt-7b';
const FAULT_RANK = 5;

/** Python's `'{:.NE}'.format(v)`: two-digit exponent (`2.460000E+00`). */
function pyE(v: number, digits: number): string {
  const [mant, exp] = v.toExponential(digits).toUpperCase().split('E');
  const e = Number(exp);
  return `${mant}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2025-11-25 09:00:00` (UTC). */
function stamp(sec: number): string {
  return new Date(Math.floor(sec) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** glog's `MMDD HH:MM:SS.micros` as torch's C++ and torchrun's Python loggers print it. */
function glog(sec: number, fracDigits: number): string {
  const d = new Date(Math.floor(sec) * 1000);
  const frac = String(Math.round((sec - Math.floor(sec)) * 10 ** fracDigits)).padStart(fracDigits, '0');
  return `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${frac}`;
}

/** Warm-up then cosine decay to a tenth of the peak (Megatron's `--min-lr`). */
function learningRate(it: number): number {
  const peak = 3e-4;
  const warmup = 100;
  if (it <= warmup) return (peak * it) / warmup;
  return peak / 10 + 0.5 * (peak - peak / 10) * (1 + Math.cos((Math.PI * (it - warmup)) / (TRAIN_ITERS - warmup)));
}

const ARGS: readonly [string, string][] = [
  ['bf16', 'True'],
  ['data_path', "['/data/pile/pile_text_document']"],
  ['eval_interval', String(EVAL_INTERVAL)],
  ['eval_iters', '10'],
  ['ffn_hidden_size', '11008'],
  ['global_batch_size', String(GLOBAL_BATCH)],
  ['hidden_size', '4096'],
  ['load', CKPT_DIR],
  ['log_interval', String(LOG_INTERVAL)],
  ['lr', '0.0003'],
  ['lr_decay_style', 'cosine'],
  ['lr_warmup_iters', '100'],
  ['micro_batch_size', '4'],
  ['min_lr', '3e-05'],
  ['num_attention_heads', '32'],
  ['num_layers', '32'],
  ['pipeline_model_parallel_size', '1'],
  ['save', CKPT_DIR],
  ['save_interval', String(SAVE_INTERVAL)],
  ['seq_length', '4096'],
  ['tensor_model_parallel_size', '2'],
  ['tokenizer_type', 'GPT2BPETokenizer'],
  ['train_iters', String(TRAIN_ITERS)],
  ['world_size', '8'],
];

export function megatronCrashResumeRun(out: string, ctx: DemoContext): void {
  const rnd = seededPrng(ctx.seed + 20);
  const normal = () => Math.sqrt(-2 * Math.log(Math.max(rnd.next(), 1e-12))) * Math.cos(2 * Math.PI * rnd.next());
  const lines: string[] = [];
  const say = (...ls: string[]) => lines.push(...ls);
  let t = ctx.t0 + 5 * 86400;
  const node1 = `${ctx.host}-07`;
  const node2 = `${ctx.host}-12`;
  const loss = (it: number) => 2.05 + 8.8 / (1 + it / 45) ** 0.62;

  /** torchrun's banner, Megatron's argument dump and set-up, up to "training ...". */
  const startUp = (node: string, agentPid: number, resumeFrom: number | null) => {
    say(`[${stamp(t)}] + torchrun --nnodes 1 --nproc_per_node 8 --rdzv_backend c10d --rdzv_endpoint ${node}:29500 pretrain_gpt.py --tensor-model-parallel-size 2 --num-layers 32 --hidden-size 4096 --num-attention-heads 32 --seq-length 4096 --micro-batch-size 4 --global-batch-size ${GLOBAL_BATCH} --train-iters ${TRAIN_ITERS} --lr 3e-4 --min-lr 3e-5 --lr-decay-style cosine --lr-warmup-iters 100 --bf16 --log-interval ${LOG_INTERVAL} --save-interval ${SAVE_INTERVAL} --eval-interval ${EVAL_INTERVAL} --save ${CKPT_DIR} --load ${CKPT_DIR}`);
    t += 2.118;
    const w = `W${glog(t, 6)} ${agentPid} torch/distributed/run.py:793]`;
    say(`${w} `, `${w} *****************************************`, `${w} Setting OMP_NUM_THREADS environment variable for each process to be 1 in default, to avoid your system being overloaded, please further tune the variable for optimal performance in your application as needed. `, `${w} *****************************************`);
    say('using world size: 8, data-parallel size: 4, context-parallel size: 1, tensor-model-parallel size: 2, pipeline-model-parallel size: 1 ');
    say('using torch.bfloat16 for parameters ...');
    say('------------------------ arguments ------------------------');
    for (const [k, v] of ARGS) say(`  ${k} ${'.'.repeat(Math.max(3, 48 - k.length))} ${v}`);
    say('-------------------- end of arguments ---------------------');
    say('> building GPT2BPETokenizer tokenizer ...', ' > padded vocab (size: 50257) with 175 dummy tokens (new size: 50432)', '> initializing torch distributed ...');
    say('> initialized tensor model parallel with size 2', '> initialized pipeline model parallel with size 1', '> setting random seeds to 1234 ...');
    say('> compiling dataset index builder ...', '>>> done with dataset index builder. Compilation time: 0.052 seconds');
    say('> compiling and loading fused kernels ...', `>>> done with compiling and loading fused kernels. Compilation time: ${(2.9 + 0.1 * rnd.next()).toFixed(3)} seconds`);
    t += 12.4 + rnd.next();
    say(`time to initialize megatron (seconds): ${(14.1 + rnd.next()).toFixed(3)}`, `[after megatron is initialized] datetime: ${stamp(t)} `);
    say('building GPT model ...', ' > number of parameters on (tensor, pipeline) model parallel rank (0, 0): 3369361408', ' > number of parameters on (tensor, pipeline) model parallel rank (1, 0): 3369361408');
    say('> learning rate decay style: cosine');
    if (resumeFrom === null) {
      say(`WARNING: could not find the metadata file ${CKPT_DIR}/latest_checkpointed_iteration.txt `, '    will not load any checkpoints and will start from random');
      t += 3.6;
    } else {
      say(` loading checkpoint from ${CKPT_DIR} at iteration ${resumeFrom}`);
      t += 41.7 + 3 * rnd.next();
      say(`  successfully loaded checkpoint from ${CKPT_DIR} [ t 0, p 0 ] at iteration ${resumeFrom}`);
    }
    const loadMs = resumeFrom === null ? 0.47 : 41712.3;
    say('(min, max) time across ranks (ms):', `    load-checkpoint ................................: (${loadMs.toFixed(2)}, ${(loadMs + 0.11).toFixed(2)})`);
    say(`[after model, optimizer, and learning rate scheduler are built] datetime: ${stamp(t)} `);
    say('> building train, validation, and test datasets ...', ' > datasets target sizes (minimum size):', `    train:      ${TRAIN_ITERS * GLOBAL_BATCH}`, `    validation: ${(TRAIN_ITERS / EVAL_INTERVAL + 1) * 10 * GLOBAL_BATCH}`, `    test:       ${10 * GLOBAL_BATCH}`);
    say('> building train, validation, and test datasets for GPT ...', '> finished creating GPT datasets ...');
    t += 7.9 + rnd.next();
    say(`[after dataloaders are built] datetime: ${stamp(t)} `, 'done with setup ...', 'training ...', `[before the start of training step] datetime: ${stamp(t)} `);
  };

  /** Iterations from..to (inclusive), logged every LOG_INTERVAL, with saves and validations. */
  const train = (from: number, to: number, tilt: number) => {
    let lastLogged = from - 1;
    let first = true;
    for (let it = from; it <= to; it++) {
      if (it % LOG_INTERVAL !== 0) continue;
      const n = it - lastLogged;
      // The first interval of an attempt includes CUDA graph capture and allocator warm-up.
      const ms = 1862 + 14 * normal() + (first ? 950 : 0);
      t += (n * ms) / 1000;
      lastLogged = it;
      const lm = loss(it) * (1 + tilt + 0.012 * normal());
      const grad = 0.28 + 6 / (1 + it / 15) + 0.05 * Math.abs(normal());
      say(
        ` [${stamp(t)}] iteration ${String(it).padStart(8)}/${String(TRAIN_ITERS).padStart(8)} | consumed samples: ${String(it * GLOBAL_BATCH).padStart(12)} | elapsed time per iteration (ms): ${ms.toFixed(1)} | learning rate: ${pyE(learningRate(it), 6)} | global batch size: ${String(GLOBAL_BATCH).padStart(5)} | lm loss: ${pyE(lm, 6)} | loss scale: 1.0 | grad norm: ${grad.toFixed(3)} | number of skipped iterations:   0 | number of nan iterations:   0 |`,
      );
      if (first) {
        first = false;
        say(`[Rank 0] (after ${it} iterations) memory (MB) | allocated: 31874.06 | max allocated: 52711.43 | reserved: 55288.00 | max reserved: 55288.00`);
      }
      if (it % EVAL_INTERVAL === 0) {
        const v = loss(it) * (1 + tilt + 0.03 + 0.004 * normal());
        const bar = '-'.repeat(100);
        say(bar, ` validation loss at iteration ${it} | lm loss value: ${pyE(v, 6)} | lm loss PPL: ${pyE(Math.exp(v), 6)} | `, bar);
        t += 38 + rnd.next();
      }
      if (it % SAVE_INTERVAL === 0) {
        say(`saving checkpoint at iteration ${String(it).padStart(7)} to ${CKPT_DIR}`);
        const saveMs = 21300 + 400 * rnd.next();
        t += saveMs / 1000;
        say(`  successfully saved checkpoint at iteration ${String(it).padStart(7)} to ${CKPT_DIR}`);
        say('(min, max) time across ranks (ms):', `    save-checkpoint ................................: (${saveMs.toFixed(2)}, ${(saveMs + 0.31).toFixed(2)})`);
      }
    }
  };

  // Attempt 1: from scratch on node1, until rank 5's GPU fails.
  const pids1 = Array.from({ length: 8 }, (_, r) => 48211 + r);
  startUp(node1, 48190, null);
  train(1, CRASH_AFTER, 0);
  t += 4.31;
  const site = '/workspace/Megatron-LM';
  const dist = '/usr/local/lib/python3.10/dist-packages';
  const fault = [
    'Traceback (most recent call last):',
    `  File "${site}/pretrain_gpt.py", line 243, in <module>`,
    '    pretrain(',
    `  File "${site}/megatron/training/training.py", line 360, in pretrain`,
    '    iteration, num_floating_point_operations_so_far = train(',
    `  File "${site}/megatron/training/training.py", line 1266, in train`,
    '    train_step(forward_step_func,',
    `  File "${site}/megatron/training/training.py", line 716, in train_step`,
    '    losses_reduced = forward_backward_func(',
    `  File "${site}/megatron/core/pipeline_parallel/schedules.py", line 452, in forward_backward_no_pipelining`,
    '    backward_step(input_tensor, output_tensor, output_tensor_grad, model_type, config)',
    `  File "${dist}/torch/autograd/__init__.py", line 289, in backward`,
    '    _engine_run_backward(',
    'RuntimeError: CUDA error: uncorrectable ECC error encountered',
    'CUDA kernel errors might be asynchronously reported at some other API call, so the stacktrace below might be incorrect.',
    'For debugging consider passing CUDA_LAUNCH_BLOCKING=1',
    'Compile with `TORCH_USE_CUDA_DSA` to enable device-side assertions.',
    '',
  ];
  for (const l of fault) say(`[rank${FAULT_RANK}]: ${l}`.trimEnd());
  // Rank 5 never reaches the next all-reduce; every other rank waits on it until the 10-minute NCCL timeout.
  const seq = 20781;
  t += 600.045;
  for (const r of [0, 1, 2, 3, 4, 6, 7]) {
    const at = t + r * 0.0071;
    const ran = 600045 + r * 3;
    const e = (line: number) => `[rank${r}]:[E${glog(at, 9)} ProcessGroupNCCL.cpp:${line}]`;
    say(`${e(616)} [Rank ${r}] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=${seq}, OpType=ALLREDUCE, NumelIn=${r % 2 === 0 ? 1684537344 : 1684533248}, NumelOut=${r % 2 === 0 ? 1684537344 : 1684533248}, Timeout(ms)=600000) ran for ${ran} milliseconds before timing out.`);
    if (r === 0) {
      say(`${e(1785)} [PG ID 0 PG GUID 0(default_pg) Rank 0] Exception (either an error or timeout) detected by watchdog at work: ${seq}, last enqueued NCCL work: ${seq}, last completed NCCL work: ${seq - 1}.`);
      say(`${e(630)} [Rank 0] Some NCCL operations have failed or timed out. Due to the asynchronous nature of CUDA kernels, subsequent GPU operations might run on corrupted/incomplete data.`);
      say(`${e(636)} [Rank 0] To avoid data inconsistency, we are taking the entire process down.`);
      say(`[rank0]:[E${glog(at + 0.0021, 9)} ProcessGroupNCCL.cpp:1595] [PG ID 0 PG GUID 0(default_pg) Rank 0] Process group watchdog thread terminated with exception: [Rank 0] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=${seq}, OpType=ALLREDUCE, NumelIn=1684537344, NumelOut=1684537344, Timeout(ms)=600000) ran for ${ran} milliseconds before timing out.`);
      say("[rank0]: terminate called after throwing an instance of 'c10::DistBackendError'");
    }
  }
  t += 1.38;
  const agent = (level: 'W' | 'E', at: number, line: number) => `${level}${glog(at, 6)} 48190 torch/distributed/elastic/multiprocessing/api.py:${line}]`;
  for (const r of [1, 2, 3, 4, 5, 6, 7]) say(`${agent('W', t + r * 0.003, 897)} Sending process ${pids1[r]} closing signal SIGTERM`);
  t += 0.62;
  const failedAt = t;
  say(`${agent('E', failedAt, 869)} failed (exitcode: -6) local_rank: 0 (pid: ${pids1[0]}) of binary: /usr/bin/python`);
  say(
    'Traceback (most recent call last):',
    '  File "/usr/local/bin/torchrun", line 8, in <module>',
    '    sys.exit(main())',
    `  File "${dist}/torch/distributed/elastic/multiprocessing/errors/__init__.py", line 355, in wrapper`,
    '    return f(*args, **kwargs)',
    `  File "${dist}/torch/distributed/run.py", line 919, in main`,
    '    run(args)',
    `  File "${dist}/torch/distributed/run.py", line 910, in run`,
    '    elastic_launch(',
    `  File "${dist}/torch/distributed/launcher/api.py", line 138, in __call__`,
    '    return launch_agent(self._config, self._entrypoint, list(args))',
    `  File "${dist}/torch/distributed/launcher/api.py", line 269, in launch_agent`,
    '    raise ChildFailedError(',
    'torch.distributed.elastic.multiprocessing.errors.ChildFailedError: ',
  );
  const when = (sec: number) => stamp(sec).replace(' ', '_');
  const eq = '='.repeat(60);
  const dash = '-'.repeat(60);
  say(eq, 'pretrain_gpt.py FAILED', dash, 'Failures:', '[1]:');
  say(`  time      : ${when(failedAt + 0.4)}`, `  host      : ${node1}`, `  rank      : ${FAULT_RANK} (local_rank: ${FAULT_RANK})`, `  exitcode  : -15 (pid: ${pids1[FAULT_RANK]})`, '  error_file: <N/A>', `  traceback : Signal 15 (SIGTERM) received by PID ${pids1[FAULT_RANK]}`);
  say(dash, 'Root Cause (first observed failure):', '[0]:');
  say(`  time      : ${when(failedAt)}`, `  host      : ${node1}`, '  rank      : 0 (local_rank: 0)', `  exitcode  : -6 (pid: ${pids1[0]})`, '  error_file: <N/A>', `  traceback : Signal 6 (SIGABRT) received by PID ${pids1[0]}`, eq);
  // The job wrapper drains the node and requeues the job; it starts again on another node from the latest checkpoint.
  t += 2;
  say(`[${stamp(t)}] run_pretrain.sh: torchrun exited with code 1 on ${node1} (attempt 1 of 3); draining ${node1} and requeueing`);
  t += 341;
  say(`[${stamp(t)}] run_pretrain.sh: attempt 2 of 3 on ${node2}, resuming from ${CKPT_DIR} (latest_checkpointed_iteration.txt: 1500)`);
  const resumeFrom = Math.floor(CRASH_AFTER / SAVE_INTERVAL) * SAVE_INTERVAL;
  startUp(node2, 7730, resumeFrom);
  // The replayed iterations see the same data (consumed samples carry on) but not bit-identical numerics.
  train(resumeFrom + 1, TRAIN_ITERS, -0.002);
  say(`[after training is done] datetime: ${stamp(t + 1)} `);
  say(`[${stamp(t + 3)}] run_pretrain.sh: training finished (attempt 2 of 3)`);

  ctx.write(path.join(out, MEGATRON_CRASH_DIR, 'train.log'), `${lines.join('\n')}\n`);
}
