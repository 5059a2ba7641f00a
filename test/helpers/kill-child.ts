/**
 * Runs a TypeScript helper script in a child Node process and kills it with SIGKILL (kill -9: no handler, no flush,
 * no exit hook) at a point the test chooses from what the child has printed. The child reports what it has done,
 * one line per event on stdout; every line read before the child died is something it had finished.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './paths';

/** Node flags for a child that loads the host (the DuckDB engine imports its migrations as `?raw` text). */
export const HOST_NODE_ARGS: readonly string[] = ['--import', 'tsx', '--import', pathToRegisterRaw()];
/** Node flags for a child that only needs TypeScript. */
export const TS_NODE_ARGS: readonly string[] = ['--import', 'tsx'];

export interface KillAt {
  /**
   * Called for each line the child prints, with every line so far (this one last). Returns a delay in ms to kill the
   * child after (0: at once), or null to let it go on. Called until it first returns a number.
   */
  readonly decide: (line: string, lines: readonly string[]) => number | null;
}

export interface ChildRun {
  /** Every stdout line the child printed before it died, in order. */
  readonly lines: string[];
  /** How many of `lines` had been read when the kill was sent (the rest were already on their way). */
  readonly linesAtKill: number;
  readonly stderr: string;
}

export interface ChildOptions {
  readonly nodeArgs?: readonly string[];
  /** The child is killed and the run fails if it has not been killed by then. */
  readonly timeoutMs?: number;
}

/** Starts `script` (relative to the repository root) and kills it with SIGKILL where `at` says. */
export function runAndKill(script: string, args: readonly string[], at: KillAt, opts: ChildOptions = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? TS_NODE_ARGS), path.join(repoRoot, script), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let linesAtKill = -1;
    let decided = false;
    let buf = '';
    let stderr = '';
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} was not killed within ${opts.timeoutMs ?? 120_000} ms; last lines: ${lines.slice(-5).join(' | ')}; stderr: ${stderr}`));
    }, opts.timeoutMs ?? 120_000);
    const kill = () => {
      if (linesAtKill >= 0) return;
      linesAtKill = lines.length;
      child.kill('SIGKILL');
    };
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        lines.push(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (decided) continue;
        const delay = at.decide(lines[lines.length - 1] ?? '', lines);
        if (delay === null) continue;
        decided = true;
        if (delay <= 0) kill();
        else setTimeout(kill, delay);
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(timeout);
      if (signal === 'SIGKILL' && linesAtKill >= 0) resolve({ lines, linesAtKill, stderr });
      else reject(new Error(`${script} ended without being killed (code ${code}, signal ${signal}); last lines: ${lines.slice(-5).join(' | ')}; stderr: ${stderr}`));
    });
  });
}

/** Runs `script` to its end (no kill): for children expected to stop on their own, such as one refused a workspace. */
export function runToEnd(script: string, args: readonly string[], opts: ChildOptions = {}): Promise<{ code: number | null; lines: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? TS_NODE_ARGS), path.join(repoRoot, script), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not end within ${opts.timeoutMs ?? 120_000} ms; stderr: ${stderr}`));
    }, opts.timeoutMs ?? 120_000);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      clearTimeout(timeout);
      resolve({ code, lines: out.split('\n').filter((l) => l !== ''), stderr });
    });
  });
}

function pathToRegisterRaw(): string {
  // A URL, not a path: `--import` takes a module specifier, and a Windows path is not one.
  return pathToFileURL(path.join(repoRoot, 'bench', 'lib', 'register-raw.mjs')).href;
}
