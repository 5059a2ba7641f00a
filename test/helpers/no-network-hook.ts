import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './paths';

/**
 * Two recorders of outbound network use, for the no-network tests:
 * - the JavaScript hook (no-network-hook.preload.mjs), preloaded through NODE_OPTIONS into RunLens and every Node process it
 *   starts: sockets, DNS, UDP, TLS, http(s) and fetch to anything but loopback are recorded and blocked;
 * - strace, where the system allows it: every connect/sendto/sendmsg system call of the whole process tree, native
 *   code included (DuckDB, Chromium), so an attempt outside JavaScript is seen too.
 */

export const HOOK_FILE = path.join(repoRoot, 'test', 'helpers', 'no-network-hook.preload.mjs');

export interface NetRecord {
  readonly kind: string;
  readonly target: string;
  readonly pid: number;
  readonly argv: readonly string[];
  readonly stack?: string;
}

/** The environment for a child under the hook: NODE_OPTIONS also reaches the Node processes it starts. */
export function hookedEnv(recordFile: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const prior = process.env.NODE_OPTIONS ?? '';
  return { ...process.env, ...extra, RUNLENS_NET_RECORD: recordFile, RUNLENS_NET_HOOK_SELFTEST: '1', NODE_OPTIONS: `${prior} --import=${pathToFileURL(HOOK_FILE).href}`.trim() };
}

/** What the hook wrote: the network attempts, and the processes it was loaded in (so a silent no-op is caught). */
export function readRecords(file: string): { attempts: NetRecord[]; loadedIn: number[] } {
  const all = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as NetRecord)
    : [];
  return { attempts: all.filter((r) => r.kind !== 'selftest'), loadedIn: all.filter((r) => r.kind === 'selftest').map((r) => r.pid) };
}

let straceChecked: boolean | null = null;
/** Whether strace can trace a child here (installed, and ptrace allowed: not in every container). */
export function straceWorks(): boolean {
  if (straceChecked === null) {
    const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=connect', '-o', '/dev/null', 'true'], { stdio: 'ignore', timeout: 10_000 });
    straceChecked = r.status === 0;
  }
  return straceChecked;
}

/** The command prefix that traces a process tree's network system calls into `outFile` (-yy: socket types and ends). */
export function straceCommand(outFile: string): string[] {
  return ['strace', '-f', '-qq', '-yy', '--seccomp-bpf', '-e', 'trace=connect,sendto,sendmsg,sendmmsg', '-e', 'signal=none', '-o', outFile];
}

function isLoopbackAddress(a: string): boolean {
  const h = a.replace(/^\[|\]$/g, '');
  return h.startsWith('127.') || h === '::1' || /^::ffff:127\./.test(h) || h === '0.0.0.0' || h === '::';
}

export interface StraceFindings {
  /** Traffic that would leave the machine: TCP connects and datagrams to non-loopback addresses, any DNS query. */
  readonly outbound: string[];
  /**
   * UDP connects to a non-loopback address with nothing sent on them: Chromium's route probes (it asks the kernel
   * which local address would reach 2001:4860:4860::8888 to learn whether IPv6 works). A UDP connect sends no packet.
   */
  readonly routeProbes: string[];
  /** Connects to loopback (the app's own server): proof that the traced processes were the ones doing the work. */
  readonly loopbackConnects: number;
}

const ADDRESS = /sa_family=AF_INET6?, sin6?_port=htons\((\d+)\)[^}]*?(?:sin_addr=inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")/;
/** strace -yy's decoration of a connected socket: `<TCP:[127.0.0.1:4000->10.0.0.1:443]>`. */
const PEER = /<(?:TCP|UDP|UDPLITE)(?:v6)?:\[[^\]]*?->(\[[^\]]*\]|[^\]:]*):(\d+)\]>/;

/**
 * Reads an strace -yy log of connect/sendto/sendmsg/sendmmsg. Flagged as outbound: a connect on a non-UDP socket to a
 * non-loopback address; a datagram sent to one (named in the call, or the socket's connected peer); anything to port 53
 * (a DNS query, even to a local stub resolver that would forward it). Unix and netlink sockets stay on the machine.
 */
export function outboundInStrace(log: string): StraceFindings {
  const outbound: string[] = [];
  const routeProbes: string[] = [];
  let loopbackConnects = 0;
  for (const raw of log.split('\n')) {
    const line = raw.trim();
    const call = /^\d+\s+(connect|sendto|sendmsg|sendmmsg)\(\d+(<[^>]*>)?/.exec(line);
    if (!call) continue;
    const socket = call[2] ?? '';
    const named = ADDRESS.exec(line);
    const peer = PEER.exec(socket);
    const addr = named ? (named[2] ?? named[3] ?? '') : (peer?.[1] ?? null);
    const port = Number(named ? named[1] : (peer?.[2] ?? NaN));
    if (addr === null) continue;
    const away = !isLoopbackAddress(addr);
    if (port === 53) outbound.push(line);
    else if (!away) loopbackConnects += call[1] === 'connect' ? 1 : 0;
    else if (call[1] === 'connect' && socket.startsWith('<UDP')) routeProbes.push(line);
    else outbound.push(line);
  }
  return { outbound, routeProbes, loopbackConnects };
}
