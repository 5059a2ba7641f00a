import type { DiagnosisCategory, DiagnosisSeverity, DiagnosisStage } from '../../domain/diagnosis';

/**
 * The failure-signature table (issue 9, analyses.md §5.3 C). Bump RULES_VERSION when a rule's meaning changes, so
 * stored diagnoses can be told apart from fresh ones.
 *
 * Matching: rules are tried in table order on each line with its launcher prefix (`[rank3]:`, Ray `(… pid=…)`)
 * removed; the first match wins, so specific rules come before the generic Python-exception ones.
 *
 * `role`: a *root* signature can start a failure (Xid, ECC, OOM, disk full); a *victim* signature is what the other
 * ranks and the launcher print once something else died (NCCL watchdog, ChildFailedError, exit-code reports). When
 * several events are near-simultaneous the highest `priority` is blamed (hardware over victims, §5.3 D).
 */
export const RULES_VERSION = 1;

export interface DiagnosisRule {
  readonly id: string;
  readonly category: DiagnosisCategory;
  readonly severity: DiagnosisSeverity;
  readonly pattern: string;
  readonly flags: string;
  /** Named groups every matching line yields (optional groups are extracted too but not listed). */
  readonly fields: readonly string[];
  /** `{field}` placeholders are filled from the match; a missing optional field reads `?`. */
  readonly message: string;
  readonly explanation: string;
  readonly fix: string;
  readonly role: 'root' | 'victim';
  readonly priority: number;
  readonly examples: { readonly match: readonly string[]; readonly noMatch: readonly string[] };
  /**
   * Fires only when the numeric `field` exceeds `ratio` × the median of its earlier values in the same file and rank
   * (a curve condition read from log lines: a loss jump, not a loss value).
   */
  readonly jump?: { readonly field: string; readonly ratio: number };
  /** A category that depends on the stage the line is in (a traceback cut before its exception line). */
  readonly stageCategory?: Partial<Record<DiagnosisStage, DiagnosisCategory>>;
}

/** An exception line as Python prints it (`torch.OutOfMemoryError: …`), so generic wording cannot fire mid-prose. */
const EXC = String.raw`^(?:[A-Za-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception)\b:?`;

export const RULES: readonly DiagnosisRule[] = [
  // GPU / HARDWARE
  {
    id: 'xid', category: 'gpu-hardware', severity: 'critical', role: 'root', priority: 100,
    pattern: String.raw`NVRM: Xid \((?<pci>PCI:[0-9a-fA-F:.]+)\): (?<xid>\d+)(?:,\s*(?<detail>.*))?`, flags: '', fields: ['pci', 'xid'],
    message: 'GPU driver reported Xid {xid} on {pci}',
    explanation: 'The NVIDIA driver logged an Xid event; most codes mean a hardware or driver fault on that GPU.',
    fix: 'Look the code up in the Xid table; drain and reset the GPU for hardware codes (48, 63/64, 74, 79, 92, 94/95, 119/120).',
    examples: { match: ['[74889.644138] NVRM: Xid (PCI:0000:02:00): 79, GPU has fallen off the bus.', 'NVRM: Xid (PCI:0000:10:1c): 63, pid=1234, Row Remapper: New row marked for remapping'], noMatch: ['[74889.644112] NVRM: GPU at PCI:0000:02:00: GPU-660d987e'] },
  },
  {
    id: 'gpu-fell-off-bus', category: 'gpu-hardware', severity: 'critical', role: 'root', priority: 100,
    pattern: String.raw`GPU has fallen off the bus|Unable to determine the device handle for GPU (?<pci>[0-9A-Fa-f:.]+): GPU is lost`, flags: '', fields: [],
    message: 'GPU has fallen off the bus',
    explanation: 'The GPU stopped answering on PCIe (power, thermals, riser or board failure).',
    fix: 'Drain the node; check PCIe seating, power and temperatures; replace the GPU if it repeats.',
    examples: { match: ['GPU has fallen off the bus.', 'Unable to determine the device handle for GPU 0000:3B:00.0: GPU is lost.  Reboot the system to recover this GPU'], noMatch: ['GPU 0 is on the bus'] },
  },
  {
    id: 'pcie-aer-fatal', category: 'gpu-hardware', severity: 'critical', role: 'root', priority: 95,
    pattern: String.raw`AER: Uncorrected \((?<kind>Fatal|Non-Fatal)\) error received|PCIe Bus Error: severity=Uncorrected \((?<severity>Fatal|Non-Fatal)\)`, flags: '', fields: [],
    message: 'Uncorrected PCIe error on the host bus',
    explanation: 'The kernel saw an uncorrectable PCIe error; a GPU behind that port usually drops off the bus next.',
    fix: 'Drain the node; reseat or replace the GPU/riser on that port.',
    examples: { match: ['[74889.542031] pcieport 0000:00:02.0: AER: Uncorrected (Fatal) error received: id=0010', 'PCIe Bus Error: severity=Uncorrected (Fatal), type=Transaction Layer, id=0010(Receiver ID)'], noMatch: ['[74785.660366] pcieport 0000:00:02.0: AER: Corrected error received: id=0010'] },
  },
  {
    id: 'pcie-aer-corrected', category: 'gpu-hardware', severity: 'info', role: 'root', priority: 10,
    pattern: String.raw`AER: Corrected error received|PCIe Bus Error: severity=Corrected`, flags: '', fields: [],
    message: 'Corrected PCIe error',
    explanation: 'Corrected PCIe errors are harmless alone but often precede a fatal one on a failing link.',
    fix: 'Watch the rate; reseat the card if they keep coming.',
    examples: { match: ['[74785.660366] pcieport 0000:00:02.0: AER: Corrected error received: id=0010'], noMatch: ['AER: Uncorrected (Fatal) error received: id=0010'] },
  },
  {
    id: 'ecc-uncorrectable', category: 'gpu-hardware', severity: 'critical', role: 'root', priority: 100,
    pattern: String.raw`uncorrectable ECC error encountered|cudaErrorECCUncorrectable|double[- ]bit ECC`, flags: 'i', fields: [],
    message: 'Uncorrectable ECC error on the GPU',
    explanation: 'GPU memory returned data it could not correct: a hardware memory fault, not a bug in the job.',
    fix: 'Drain the node, reset the GPU (row remapping) and restart from the last checkpoint on healthy nodes.',
    examples: { match: ['RuntimeError: CUDA error: uncorrectable ECC error encountered', 'RuntimeError: transform: failed to synchronize: cudaErrorECCUncorrectable: uncorrectable ECC error encountered'], noMatch: ['ECC mode: Enabled'] },
  },
  {
    id: 'nvlink-error', category: 'gpu-hardware', severity: 'critical', role: 'root', priority: 95,
    // The last branch looks from the first `nvlink` only (a tempered prefix anchored at ^): `nvlink.*…` from every
    // occurrence was quadratic on a long line repeating it (found by test/unit/fuzz/diagnosis.fuzz.test.ts).
    pattern: String.raw`NVLink (?:error|fatal|link down)|NVLINK(?:: | )(?:fatal )?error|^(?:(?!nvlink).)*nvlink.*(?:fatal|uncorrectable)`, flags: 'i', fields: [],
    message: 'NVLink error',
    explanation: 'The GPU interconnect reported a fault; collectives across that link fail or hang.',
    fix: 'Reset the GPUs; check NVLink/NVSwitch status (nvidia-smi nvlink -e); replace the board if it repeats.',
    examples: { match: ['NVRM: NVLink fatal error on link 3', 'nvidia-nvswitch0: NVLink: fatal error detected'], noMatch: ['NVLink bandwidth: 600 GB/s'] },
  },
  {
    id: 'cuda-hw-error', category: 'gpu-hardware', severity: 'critical', role: 'root', priority: 90,
    pattern: String.raw`CUDA error: (?<what>unknown error|unspecified launch failure|an illegal instruction was encountered|misaligned address|device-side assert triggered(?!x))`, flags: '', fields: ['what'],
    message: 'CUDA error: {what}',
    explanation: 'The CUDA runtime failed without a program-level cause; on a healthy job this usually means a GPU or driver fault.',
    fix: 'Check dmesg for Xid errors on that node; drain it and restart on healthy GPUs. Re-run with CUDA_LAUNCH_BLOCKING=1 if it reproduces everywhere.',
    examples: { match: ['  what():  CUDA error: unknown error', 'RuntimeError: CUDA error: unspecified launch failure'], noMatch: ['RuntimeError: CUDA error: out of memory'] },
  },
  {
    id: 'cuda-illegal-address', category: 'code', severity: 'critical', role: 'root', priority: 60,
    pattern: String.raw`CUDA error: an illegal memory access was encountered|cudaErrorIllegalAddress`, flags: '', fields: [],
    message: 'CUDA illegal memory access',
    explanation: 'A kernel read or wrote out of bounds. Usually a bug (custom kernel, bad index) but can be a failing GPU.',
    fix: 'Re-run with CUDA_LAUNCH_BLOCKING=1 to find the kernel; if it only happens on one node, suspect the GPU.',
    examples: { match: ['RuntimeError: CUDA error: an illegal memory access was encountered'], noMatch: ['RuntimeError: CUDA error: unknown error'] },
  },
  // OOM
  {
    id: 'cuda-oom', category: 'oom', severity: 'critical', role: 'root', priority: 80,
    pattern: String.raw`CUDA out of memory\.(?: Tried to allocate (?<requested>[\d.]+ [KMGT]?i?B))?(?:.*?GPU (?<gpu>\d+) has a total capacity of (?<total>[\d.]+ [KMGT]?i?B) of which (?<free>[\d.]+ [KMGT]?i?B) is free)?(?:.*?(?<totalOld>[\d.]+ [KMGT]?i?B) total capacity; (?<allocated>[\d.]+ [KMGT]?i?B) already allocated; (?<freeOld>[\d.]+ [KMGT]?i?B) free)?`, flags: '', fields: [],
    message: 'CUDA out of memory: tried to allocate {requested}, {free} free on GPU {gpu}',
    explanation: 'The GPU had no room for the next allocation (activations, optimizer state, or another process on the same GPU).',
    fix: 'Lower the micro-batch or sequence length, enable activation checkpointing / ZeRO / offload, or free the GPU from other processes (nvidia-smi).',
    examples: { match: ['torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 12.00 MiB. GPU 0 has a total capacity of 44.40 GiB of which 12.88 MiB is free. Process 1605762 has 19.88 GiB memory in use.', 'RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 39.59 GiB total capacity; 35.1 GiB already allocated; 1.2 GiB free; 36 GiB reserved in total by PyTorch)'], noMatch: ['[2025-12-23 12:36:30] max memory allocated: 30.1 GiB'] },
  },
  {
    id: 'cuda-oom-short', category: 'oom', severity: 'critical', role: 'root', priority: 80,
    pattern: String.raw`CUDA error: out of memory|cudaErrorMemoryAllocation|torch\.(?:cuda\.)?OutOfMemoryError`, flags: '', fields: [],
    message: 'CUDA out of memory',
    explanation: 'The GPU had no memory left for an allocation; right after a restart this can also mean a stale process still holds the GPU.',
    fix: 'Lower the micro-batch or sequence length; check nvidia-smi for leftover processes on that node.',
    examples: { match: ['RuntimeError: CUDA error: out of memory', 'torch.cuda.OutOfMemoryError'], noMatch: ['Out of memory: Killed process 1234 (python)'] },
  },
  {
    id: 'host-oom-killer', category: 'oom', severity: 'critical', role: 'root', priority: 85,
    pattern: String.raw`Out of memory: Kill(?:ed)? process (?<pid>\d+)(?: \((?<proc>[^)]+)\))?|oom-kill:|invoked oom-killer`, flags: '', fields: [],
    message: 'Host OOM killer killed process {pid} ({proc})',
    explanation: 'The node ran out of host RAM and the kernel killed a process (data loader workers, pinned memory, CPU offload).',
    fix: 'Reduce dataloader workers / prefetch, CPU offload or pinned memory; or ask for nodes with more RAM.',
    examples: { match: ['[12345.678] Out of memory: Killed process 4242 (python) total-vm:123kB', 'python invoked oom-killer: gfp_mask=0x100cca'], noMatch: ['CUDA out of memory. Tried to allocate 2.00 GiB'] },
  },
  // CHECKPOINT STORAGE (before the numerics/network rules: disk errors explain failures that look like others)
  {
    id: 'disk-full', category: 'checkpoint-io', severity: 'critical', role: 'root', priority: 85,
    pattern: String.raw`No space left on device|Disk quota exceeded|ENOSPC`, flags: '', fields: [],
    message: 'Disk full while writing',
    explanation: 'The filesystem ran out of space or quota; checkpoints written now are truncated.',
    fix: 'Free space or raise the quota; delete the partial checkpoint and resume from the previous complete one.',
    examples: { match: ['OSError: [Errno 28] No space left on device', 'write failed: Disk quota exceeded'], noMatch: ['Free disk space: 2 TB'] },
  },
  {
    id: 'fs-error', category: 'checkpoint-io', severity: 'critical', role: 'root', priority: 75,
    pattern: String.raw`Input/output error|Stale file handle|Read-only file system|PermissionError: \[Errno 13\] Permission denied: '(?<path>[^']+)'`, flags: '', fields: [],
    message: 'Filesystem error',
    explanation: 'The storage returned an error (I/O error, stale NFS handle, read-only mount, missing permission).',
    fix: 'Check the mount and permissions of the checkpoint/output directory on that node.',
    examples: { match: ['OSError: [Errno 5] Input/output error', "PermissionError: [Errno 13] Permission denied: '/ckpt/latest'"], noMatch: ['Saving model checkpoint to /ckpt/step-100'] },
  },
  {
    id: 'ckpt-truncated', category: 'checkpoint-io', severity: 'critical', role: 'root', priority: 80,
    pattern: String.raw`PytorchStreamReader failed reading zip archive: failed finding central directory|EOFError: Ran out of input|UnpicklingError`, flags: '', fields: [],
    message: 'Checkpoint file is truncated or corrupt',
    explanation: 'torch.load found an incomplete file: a save that was cut (disk full, killed job) or a partial copy.',
    fix: 'Delete the broken checkpoint (or point `latest` at the previous one) and resume from there.',
    examples: { match: ['RuntimeError: PytorchStreamReader failed reading zip archive: failed finding central directory', 'EOFError: Ran out of input'], noMatch: ['loading checkpoint from /ckpt/iter_0001000'] },
  },
  {
    id: 'safetensors-header', category: 'checkpoint-io', severity: 'critical', role: 'root', priority: 80,
    pattern: String.raw`SafetensorError: Error while deserializing header: (?<why>\w+)`, flags: '', fields: ['why'],
    message: 'Safetensors header unreadable: {why}',
    explanation: 'The .safetensors file is incomplete or is a Git-LFS pointer rather than the weights.',
    fix: 'Re-download or re-save the file (git lfs pull); check the disk did not fill during the save.',
    examples: { match: ['safetensors_rust.SafetensorError: Error while deserializing header: HeaderTooLarge'], noMatch: ['Loading safetensors checkpoint shards'] },
  },
  {
    id: 'state-dict-mismatch', category: 'config', severity: 'critical', role: 'root', priority: 70,
    pattern: String.raw`Error\(s\) in loading state_dict for (?<module>\w+)|size mismatch for (?<param>[\w.]+)|(?:Missing|Unexpected) key\(s\) in state_dict`, flags: '', fields: [],
    message: 'Checkpoint does not fit the model',
    explanation: 'The checkpoint was saved for a different architecture, parallel layout or config than the model being built.',
    fix: 'Load with the config the checkpoint was saved with, or convert the checkpoint (TP/PP reshaping).',
    examples: { match: ['RuntimeError: Error(s) in loading state_dict for GPT2LMHeadModel:', 'size mismatch for transformer.wte.weight: copying a param with shape'], noMatch: ['successfully loaded checkpoint from /ckpt'] },
  },
  {
    id: 'ckpt-latest-missing', category: 'checkpoint-io', severity: 'warning', role: 'root', priority: 50,
    pattern: String.raw`Unable to find latest file at (?<path>\S+)|[Ff]ailed to load checkpoint`, flags: '', fields: [],
    message: 'Checkpoint to resume from not found',
    explanation: 'The resume pointer is missing, so the job starts from scratch or fails.',
    fix: 'Check the checkpoint directory and its `latest` / latest_checkpointed_iteration.txt file.',
    examples: { match: ['Unable to find latest file at /ckpt/latest, if trying to load latest checkpoint please ensure this file exists'], noMatch: ['latest checkpoint is global_step100'] },
  },
  // NETWORK / COLLECTIVES
  {
    id: 'nccl-ib-error', category: 'network', severity: 'critical', role: 'root', priority: 90,
    pattern: String.raw`NCCL WARN NET/IB\s*:?\s*Got completion from peer (?<peer>[\w.-]+)(?:<\d+>)? with (?:status=|error )(?<status>[\w()]+)`, flags: '', fields: ['peer', 'status'],
    message: 'InfiniBand completion error from peer {peer} (status {status})',
    explanation: 'The NIC reported a failed RDMA transfer (retry exceeded = link/switch/peer down).',
    fix: 'Check the IB port/cable/switch of both hosts (ibstat, error counters); exclude the bad node.',
    examples: { match: ['node1:123:456 [0] NCCL WARN NET/IB : Got completion from peer 10.0.0.2<58302> with error 12, opcode 0'], noMatch: ['NCCL INFO NET/IB : Using [0]mlx5_0:1/IB'] },
  },
  {
    id: 'nccl-error-trace', category: 'network', severity: 'warning', role: 'root', priority: 55,
    pattern: String.raw`NCCL (?:INFO|WARN) (?<src>[\w/.-]+\.(?:cc|h)):(?<srcLine>\d+) -> (?<code>[1-9]\d*)`, flags: '', fields: ['src', 'code'],
    message: 'NCCL call failed in {src} (nccl result {code})',
    explanation: 'NCCL propagates a failing call up its stack with `file:line -> code` (2 = system error, 3 = internal error, 6 = remote error); socket.cc means a TCP connection to a peer broke.',
    fix: 'Find the first host that broke (NCCL_DEBUG=INFO on all ranks); check its network interface (NCCL_SOCKET_IFNAME) and that the peer process is alive.',
    examples: { match: ['n124-137-109:312247:326969 [0] NCCL INFO misc/socket.cc:829 -> 3'], noMatch: ['n124:312247:326969 [0] NCCL INFO Channel 00/02 : 0 1 2 3', 'NCCL INFO comm 0x1 rank 0 nranks 8 cudaDev 0 busId b000 - Init COMPLETE'] },
  },
  {
    id: 'nccl-remote-error', category: 'network', severity: 'critical', role: 'root', priority: 70,
    pattern: String.raw`ncclRemoteError|remote process exited or there was a network error|Connection closed by (?:remote )?peer(?: (?<peer>[\w.-]+))?|Connection reset by peer|Socket Timeout`, flags: '', fields: [],
    message: 'Network peer lost during a collective',
    explanation: 'A peer rank vanished or the network dropped mid-collective: either another node crashed first, or the link failed.',
    fix: 'Look at the other node\'s logs for its first error; if none, check the NICs/switches between the hosts.',
    examples: { match: ['ncclRemoteError: A call failed possibly due to a network error or a remote process exiting prematurely.', 'socketProgress: Connection closed by remote peer ip-172-31-45-209.eu-north-1.compute.internal<32926>'], noMatch: ['NCCL INFO Connected all rings'] },
  },
  {
    id: 'nccl-timeout', category: 'network', severity: 'critical', role: 'victim', priority: 30,
    // From the first watchdog message only (tempered prefix anchored at ^): the lazy scan from every occurrence was
    // quadratic on a long line (found by test/unit/fuzz/diagnosis.fuzz.test.ts).
    pattern: String.raw`^(?:(?!Watchdog caught collective operation timeout: ).)*Watchdog caught collective operation timeout: WorkNCCL\(SeqNum=(?<seq>\d+), OpType=(?<op>\w+).*?Timeout\(ms\)=(?<timeout_ms>\d+)\) ran for (?<ran_ms>\d+) milliseconds`, flags: '', fields: ['seq', 'op', 'timeout_ms', 'ran_ms'],
    message: 'NCCL {op} (SeqNum {seq}) timed out after {ran_ms} ms (limit {timeout_ms} ms)',
    explanation: 'A collective did not finish within the process-group timeout. The ranks that report it are usually victims: some other rank hung, crashed or was slowed (bad GPU, network, data stall).',
    fix: 'Find the rank that did not report the timeout or has the lowest SeqNum; check that node for hardware errors. TORCH_NCCL_TRACE_BUFFER_SIZE/DESYNC_DEBUG show which rank was missing.',
    examples: { match: ['[E ProcessGroupNCCL.cpp:737] [Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=469508, OpType=ALLREDUCE, Timeout(ms)=1800000) ran for 1802212 milliseconds before timing out.', '[rank0]:[E1218 20:27:21.426415540 ProcessGroupNCCL.cpp:629] [Rank 0] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=1, OpType=BROADCAST, NumelIn=131072000, NumelOut=131072000, Timeout(ms)=600000) ran for 600081 milliseconds before timing out.'], noMatch: ['ProcessGroupNCCL initialization options: TIMEOUT(ms): 600000'] },
  },
  {
    id: 'nccl-watchdog-terminated', category: 'network', severity: 'warning', role: 'victim', priority: 20,
    pattern: String.raw`(?:NCCL|Process group) watchdog thread terminated with exception: (?<reason>.*)|Some NCCL operations have failed or timed out|failure detected by watchdog at work sequence id: (?<seq>\d+)|To avoid data inconsistency, we are taking the entire process down`, flags: '', fields: [],
    message: 'NCCL watchdog took the process down',
    explanation: 'The watchdog thread saw a failed or timed-out collective and aborts the process; the cause is the error it quotes or an earlier one.',
    fix: 'Read the first error before this line (or on another rank).',
    examples: { match: ['[E ProcessGroupNCCL.cpp:916] [Rank 1] NCCL watchdog thread terminated with exception: NCCL communicator was aborted on rank 1.', '[Rank 6] Some NCCL operations have failed or timed out. Due to the asynchronous nature of CUDA kernels'], noMatch: ['NCCL_DEBUG: WARN'] },
  },
  {
    id: 'nccl-generic', category: 'network', severity: 'critical', role: 'victim', priority: 25,
    pattern: String.raw`ncclInternalError|ncclSystemError|ncclUnhandledCudaError|ncclInvalidUsage|DistBackendError|NCCL error in: (?<where>\S+)`, flags: '', fields: [],
    message: 'NCCL error',
    explanation: 'A NCCL call failed. The text after it (or an earlier error) names the cause.',
    fix: 'Re-run with NCCL_DEBUG=INFO; look for the first failing host.',
    examples: { match: ["terminate called after throwing an instance of 'c10::DistBackendError'", 'torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/NCCLUtils.hpp:275, unhandled system error'], noMatch: ['Initializing TorchBackend in DeepSpeed with backend nccl'] },
  },
  // NODE LOSS / LAUNCHER
  {
    id: 'slurm-node-fail', category: 'node-failure', severity: 'critical', role: 'root', priority: 90,
    // From the first `slurmstepd: ` and its first `*** JOB` only (tempered prefixes anchored at ^): two greedy `.*` from
    // every `slurmstepd: ` took 100 s on a 64 KiB line repeating the head (found by test/unit/fuzz/diagnosis.fuzz.test.ts).
    pattern: String.raw`^(?:(?!slurmstepd: ).)*slurmstepd: (?:(?!\*\*\* (?:JOB|STEP) ).)*\*\*\* (?:JOB|STEP) (?<job>[\d.]+) .*CANCELLED AT (?<at>\S+) DUE TO NODE FAILURE`, flags: '', fields: ['job'],
    message: 'Slurm cancelled job {job}: node failure',
    explanation: 'The scheduler lost a node of the job (hardware, kernel panic, network).',
    fix: 'Resume from the last checkpoint excluding the failed node (sbatch --exclude).',
    examples: { match: ['slurmstepd: error: *** JOB 1234 ON node12 CANCELLED AT 2022-03-21T10:11:12 DUE TO NODE FAILURE ***'], noMatch: ['slurmstepd: error: *** JOB 1234 ON node12 CANCELLED AT 2022-03-21T10:11:12 DUE TO TIME LIMIT ***'] },
  },
  {
    id: 'rdzv-heartbeat', category: 'node-failure', severity: 'critical', role: 'root', priority: 60,
    pattern: String.raw`The node '(?<node>[^']+)' has failed to send a keep-alive heartbeat to the rendezvous '(?<run>[^']+)' due to an error of type (?<err>\w+)`, flags: '', fields: ['node', 'err'],
    message: "Node {node} stopped sending rendezvous heartbeats ({err})",
    explanation: 'torch elastic lost contact with a node; it is down or cut off from the rendezvous store.',
    fix: 'Check that node; elastic will restart the workers if max_restarts allows.',
    examples: { match: ["The node 'node3_1234_0' has failed to send a keep-alive heartbeat to the rendezvous 'job1' due to an error of type RendezvousConnectionError."], noMatch: ['Rendezvous complete for workers.'] },
  },
  {
    id: 'elastic-child-failed', category: 'node-failure', severity: 'critical', role: 'victim', priority: 15,
    pattern: String.raw`ChildFailedError|RendezvousTimeoutError|RendezvousClosedError`, flags: '', fields: [],
    message: 'torch elastic: a worker process failed',
    explanation: 'The launcher reports that a child died; the child\'s own traceback above is the cause.',
    fix: 'Read the first error of the failed rank (the root failure in this report).',
    examples: { match: ['torch.distributed.elastic.multiprocessing.errors.ChildFailedError:'], noMatch: ['torch.distributed.elastic.agent.server.api: INFO'] },
  },
  {
    id: 'elastic-exitcode', category: 'node-failure', severity: 'critical', role: 'victim', priority: 40,
    pattern: String.raw`failed \(exitcode: (?<exitcode>-?\d+)\) local_rank: (?<local_rank>\d+)(?: \(pid: ?(?<pid>\d+)\))?`, flags: '', fields: ['exitcode', 'local_rank'],
    message: 'Worker local_rank {local_rank} exited with code {exitcode}',
    explanation: 'torchrun reports which worker died first; a negative exit code is the signal that killed it (-6 SIGABRT, -9 SIGKILL).',
    fix: 'Read that rank\'s stderr for its own error; -9 without one often means the host OOM killer.',
    examples: { match: ['E0424 01:17:26.952000 521279 site-packages/torch/distributed/elastic/multiprocessing/api.py:869] failed (exitcode: -6) local_rank: 6 (pid'], noMatch: ['Process exited with exitcode 0'] },
  },
  {
    id: 'elastic-sigterm', category: 'node-failure', severity: 'warning', role: 'victim', priority: 10,
    pattern: String.raw`Sending process (?<pid>\d+) closing signal (?<signal>\w+)|Received (?<received>SIG\w+) death signal, shutting down workers|Signal (?<sig>\d+) \((?<name>SIG\w+)\) received by PID (?<bypid>\d+)`, flags: '', fields: [],
    message: 'Launcher stopping workers',
    explanation: 'The launcher sends SIGTERM/SIGKILL to the surviving ranks after one failed, or the job was signalled from outside.',
    fix: 'Look for the first rank that failed before these lines.',
    examples: { match: ['W0424 01:17:26.433000 521279 site-packages/torch/distributed/elastic/multiprocessing/api.py:897] Sending process 541326 closing signal SIGTERM', 'Signal 15 (SIGTERM) received by PID 4242'], noMatch: ['Sending process group init to 8 ranks'] },
  },
  {
    id: 'deepspeed-sigkill', category: 'node-failure', severity: 'warning', role: 'victim', priority: 12,
    // From the first handler message and its first --local_rank only: nested lazy scans from every occurrence were
    // quadratic on a long line (found by test/unit/fuzz/diagnosis.fuzz.test.ts).
    pattern: String.raw`^(?:(?!sigkill_handler\] ).)*sigkill_handler\] (?:Killing subprocess (?<pid>\d+)|\[(?:(?!'--local_rank=).)*'--local_rank=(?<local_rank>\d+)'.*?exits with return code = (?<code>-?\d+))`, flags: '', fields: [],
    message: 'DeepSpeed launcher killing workers',
    explanation: 'The DeepSpeed launcher kills every rank once one exits with an error; the exit is the effect, not the cause.',
    fix: 'Read the failing rank\'s error above.',
    examples: { match: ['[2025-12-23 12:38:58,629] [INFO] [launch.py:319:sigkill_handler] Killing subprocess 1632263'], noMatch: ['[INFO] [launch.py:256:main] process 749021 spawned with command'] },
  },
  {
    id: 'srun-task-exit', category: 'node-failure', severity: 'warning', role: 'victim', priority: 35,
    pattern: String.raw`srun: error: (?<host>[\w.-]+): tasks? (?<task>[\d,-]+): (?<how>Exited with exit code (?<code>\d+)|Killed|Terminated)`, flags: '', fields: ['host', 'task', 'how'],
    message: 'srun: task {task} on {host}: {how}',
    explanation: 'Slurm reports how each task ended; the first non-zero task is where to look.',
    fix: 'Read that task\'s output for its error.',
    examples: { match: ['srun: error: node17: task 3: Exited with exit code 1', 'srun: error: gpu-a-12: tasks 0-7: Killed'], noMatch: ['srun: job 1234 queued and waiting for resources'] },
  },
  // NUMERICS
  {
    id: 'megatron-nan-iterations', category: 'numerics', severity: 'critical', role: 'root', priority: 50,
    pattern: String.raw`number of nan iterations:\s*(?<n>[1-9]\d*)`, flags: '', fields: ['n'],
    message: '{n} NaN iterations',
    explanation: 'Megatron counted iterations whose loss or gradients were NaN in this logging interval.',
    fix: 'Rewind to a checkpoint before the first NaN, lower the LR or skip the batches; check fp16 loss scaling (bf16 is safer).',
    examples: { match: [' iteration 10/ 100 | lm loss: nan | number of skipped iterations:   1 | number of nan iterations:   3 |'], noMatch: [' iteration 10/ 100 | lm loss: 2.1 | number of skipped iterations:   0 | number of nan iterations:   0 |'] },
  },
  {
    id: 'nonfinite-loss', category: 'numerics', severity: 'critical', role: 'root', priority: 50,
    pattern: String.raw`(?<metric>\b(?:lm loss|grad[ _]norm|loss|train/loss|actor/pg_loss))['"]?\s*[:=]\s*(?<value>[-+]?(?:nan|inf|infinity))(?![\w.])`, flags: 'i', fields: ['metric', 'value'],
    message: '{metric} is {value}',
    explanation: 'The loss or gradient norm became non-finite: the model diverged or fp16 overflowed past the minimum loss scale.',
    fix: 'Rewind to the last finite checkpoint; lower the LR, add warm-up/clipping, or use bf16; skip the offending batches.',
    examples: { match: [' iteration     5426/  250000 | loss scale: 1.0 | grad norm: nan | number of nan iterations:   0 |', "{'loss': nan, 'learning_rate': 1e-05, 'epoch': 0.5}"], noMatch: ['grad norm: 0.242 | num zeros: 0.0', "{'loss': 2.0491, 'epoch': 0.28}"] },
  },
  {
    id: 'fp16-overflow', category: 'numerics', severity: 'warning', role: 'root', priority: 45,
    pattern: String.raw`OVERFLOW! Rank (?<rank>\d+) Skipping step\. Attempted loss scale: (?<from>\S+), reducing to (?<to>\S+)`, flags: '', fields: ['rank', 'from', 'to'],
    message: 'fp16 overflow: step skipped, loss scale {from} → {to}',
    explanation: 'Gradients overflowed in fp16 and the step was skipped. A few are normal; a run of them, or the scale collapsing towards 1, means the model is diverging.',
    fix: 'If the scale keeps falling: rewind, lower the LR, raise min_loss_scale cautiously, or train in bf16.',
    examples: { match: ['[2023-06-07 22:16:00,018] [INFO] [loss_scaler.py:181:update_scale] [deepspeed] OVERFLOW! Rank 0 Skipping step. Attempted loss scale: 64, reducing to 32'], noMatch: ['[deepspeed] loss scale: 65536.0'] },
  },
  {
    id: 'loss-scale-minimum', category: 'numerics', severity: 'critical', role: 'root', priority: 55,
    pattern: String.raw`Current loss scale already at minimum|loss scale (?:reached|hit) (?:the )?minimum`, flags: 'i', fields: [],
    message: 'fp16 loss scale at its minimum',
    explanation: 'The dynamic loss scaler cannot go lower: gradients overflow at every step, the run has diverged.',
    fix: 'Rewind to an earlier checkpoint, lower the LR, or switch to bf16.',
    examples: { match: ['Exception: Current loss scale already at minimum - cannot decrease scale anymore. Exiting run.'], noMatch: ['min_loss_scale: 1'] },
  },
  {
    id: 'loss-spike', category: 'numerics', severity: 'warning', role: 'root', priority: 40,
    pattern: String.raw`\blm loss: (?<loss>\d+(?:\.\d+)?(?:E[+-]?\d+)?)\b`, flags: 'i', fields: ['loss'],
    jump: { field: 'loss', ratio: 1.4 },
    message: 'Loss spike: lm loss {loss}',
    explanation: 'The training loss jumped well above its recent level (≥ 1.4× the median so far): a loss spike or the start of divergence. Grad-norm spikes usually precede it.',
    fix: 'If it does not recover within a few hundred steps, rewind to a checkpoint ~100 steps before the spike and skip the batches around it (PaLM); lower the LR or add QK-norm/z-loss.',
    examples: { match: [' iteration    29050/  311541 | lm loss: 7.343709E+00 | loss scale: 8192.0 | grad norm: 0.000 |'], noMatch: [' validation loss at iteration 7000 | lm loss value: 7.174200E+00 | lm loss PPL: 1.305315E+03 |'] },
  },
  // DATA
  {
    id: 'dataloader-killed', category: 'data', severity: 'critical', role: 'root', priority: 65,
    pattern: String.raw`DataLoader worker \(pid (?<pid>\d+)\) is killed by signal: (?<signal>[\w ]+?)\.|DataLoader worker \(pid\(s\) (?<pids>[\d, ]+)\) exited unexpectedly`, flags: '', fields: [],
    message: 'DataLoader worker {pid} killed by signal: {signal}',
    explanation: 'A data-loading worker process died. "Bus error" means /dev/shm is too small; "Killed" usually means the host ran out of RAM.',
    fix: 'Raise the shared-memory limit (docker --shm-size, ipc=host) or lower num_workers/prefetch_factor.',
    examples: { match: ["RuntimeError: DataLoader worker (pid 30882) is killed by signal: Bus error. It is possible that dataloader's workers are out of shared memory."], noMatch: ['DataLoader num_workers: 4'] },
  },
  {
    id: 'shm-bus-error', category: 'data', severity: 'critical', role: 'root', priority: 65,
    pattern: String.raw`Unexpected bus error encountered in worker|insufficient shared memory \(shm\)|out of shared memory`, flags: '', fields: [],
    message: 'Data-loader worker hit a bus error (shared memory exhausted)',
    explanation: 'DataLoader workers pass batches through /dev/shm; when it is full a worker gets SIGBUS.',
    fix: 'Raise the shared-memory limit (docker --shm-size, ipc=host) or lower num_workers.',
    examples: { match: ['ERROR: Unexpected bus error encountered in worker. This might be caused by insufficient shared memory (shm).'], noMatch: ['shm size: 64G'] },
  },
  {
    id: 'dataloader-error', category: 'data', severity: 'critical', role: 'root', priority: 55,
    pattern: String.raw`Caught (?<exception>\w+) in DataLoader worker process (?<worker>\d+)|DataLoader worker exited unexpectedly`, flags: '', fields: [],
    message: 'DataLoader worker {worker} raised {exception}',
    explanation: 'Reading or collating a sample failed inside a data-loading worker.',
    fix: 'Run the dataset with num_workers=0 to get the full traceback; check the sample that failed.',
    examples: { match: ['ValueError: Caught ValueError in DataLoader worker process 3.'], noMatch: ['DataLoader worker (pid 1) started'] },
  },
  {
    id: 'tokenizer-dataset-error', category: 'data', severity: 'critical', role: 'root', priority: 55,
    pattern: String.raw`${EXC}.*(?:tokeniz|[Dd]ataset|parquet|jsonl?\b|sample|vocab)`, flags: '', fields: [],
    message: 'Dataset / tokenizer error',
    explanation: 'An exception raised while reading, tokenising or indexing training data.',
    fix: 'Check the data files and tokenizer named in the error; validate the dataset offline.',
    examples: { match: ["KeyError: 'text' not found in dataset columns", 'datasets.exceptions.DatasetGenerationError: An error occurred while generating the dataset'], noMatch: ["KeyError: 'optimizer'"] },
  },
  // CONFIG
  {
    id: 'import-error', category: 'config', severity: 'critical', role: 'root', priority: 60,
    pattern: String.raw`^(?<exception>ModuleNotFoundError|ImportError): (?<detail>.*)`, flags: '', fields: ['exception', 'detail'],
    message: '{exception}: {detail}',
    explanation: 'A package is missing or the installed version does not provide what the code imports.',
    fix: 'Install the missing package or the version the project pins (pip install -r requirements.txt).',
    examples: { match: ["ModuleNotFoundError: No module named 'flash_attn'", "ImportError: cannot import name 'LlamaConfig' from 'transformers'"], noMatch: ['importing flash_attn succeeded'] },
  },
  {
    id: 'incompatible-config', category: 'config', severity: 'critical', role: 'root', priority: 58,
    pattern: String.raw`${EXC}\s*(?<detail>.*(?:\bis (?:in|not )compatible with\b|\bincompatible with\b|\bnot supported (?:with|when|for|in)\b|version mismatch|requires? (?:a )?(?:\w+ )?version|unrecognized arguments?|invalid (?:choice|argument|value)).*)`, flags: '', fields: ['detail'],
    message: 'Configuration error: {detail}',
    explanation: 'The arguments, library versions or parallel settings do not work together.',
    fix: 'Change the conflicting option or pin compatible versions, as the message says.',
    examples: { match: ['AssertionError: no_sync context manager is incompatible with gradient partitioning logic of ZeRO stage 2', 'argparse.ArgumentError: unrecognized arguments: --foo', 'ValueError: invalid value for --zero_stage: 5'], noMatch: ['Installed CUDA version 12.6 does not match the version torch was compiled with 12.4 but since the APIs are compatible, accepting this combination', 'ValueError: too many values to unpack'] },
  },
  {
    id: 'shell-command-not-found', category: 'config', severity: 'warning', role: 'root', priority: 20,
    pattern: String.raw`^(?<script>\S+): line (?<line>\d+): (?<command>\S+): command not found`, flags: '', fields: ['script', 'command'],
    message: '{script}: `{command}` is not a command',
    explanation: 'The launch script has a broken line (often a missing `\\` continuation), so an argument was run as a command.',
    fix: 'Fix the line in the script; the option it held was not passed to the job.',
    examples: { match: ['scripts_llama/order_1.sh: line 45: --disable_tqdm: command not found'], noMatch: ['+ --disable_tqdm True'] },
  },
  // USER / CODE (generic, last)
  {
    id: 'assertion-error', category: 'code', severity: 'critical', role: 'root', priority: 40,
    pattern: String.raw`^AssertionError(?::\s*(?<detail>.*))?$`, flags: '', fields: [],
    message: 'AssertionError: {detail}',
    explanation: 'An assertion in the code failed: an invariant the program relies on does not hold.',
    fix: 'Read the assertion and the frame it is in; usually an unexpected shape, config or state.',
    examples: { match: ['AssertionError: expected 8 heads', 'AssertionError'], noMatch: ['assert_allclose passed'] },
  },
  {
    id: 'python-exception', category: 'code', severity: 'critical', role: 'root', priority: 30,
    pattern: String.raw`^(?<exception>(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Interrupt|Exit))(?::\s*(?<detail>.*))?$`, flags: '', fields: ['exception'],
    message: '{exception}: {detail}',
    explanation: 'The program stopped on an uncaught Python exception.',
    fix: 'Fix the code at the traceback\'s last frame (fields file/line/function).',
    examples: { match: ["KeyError: 'optimizer'", 'TypeError: forward() got an unexpected keyword argument \'labels\''], noMatch: ['Error occurred while register actor to metric agent', 'runtimeerror: lower case is not an exception'] },
  },
  {
    id: 'python-traceback', category: 'code', severity: 'warning', role: 'root', priority: 5,
    pattern: String.raw`^Traceback \(most recent call last\):`, flags: '', fields: [],
    message: 'Python traceback (exception line not in the log)',
    explanation: 'A traceback starts here but the log ends (or is cut) before its exception line.',
    fix: 'Get the full log of that process; the stage it died in is the best clue.',
    stageCategory: { 'checkpoint-load': 'checkpoint-io', 'checkpoint-save': 'checkpoint-io' },
    examples: { match: ['Traceback (most recent call last):'], noMatch: ['  File "train.py", line 3, in <module>'] },
  },
];

export function compileRule(rule: DiagnosisRule): RegExp {
  return new RegExp(rule.pattern, rule.flags);
}

/** Fills `{field}` placeholders; a field the line did not carry reads `?`. */
export function renderMessage(template: string, fields: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => fields[name] ?? '?');
}
