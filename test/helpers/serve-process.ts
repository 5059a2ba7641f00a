import { CHROMIUM_ARGS, findChromium } from '../../main/platform/chromium';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths';

export interface ServeProcess {
  readonly url: string;
  readonly origin: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the built CLI's `serve` exactly as a user would and resolves once it prints its address. */
export async function startServeProcess(args: readonly string[]): Promise<ServeProcess> {
  const bin = path.join(repoRoot, 'bin', 'runlens.mjs');
  if (!existsSync(path.join(repoRoot, 'dist', 'main', 'cli.mjs'))) throw new Error('Build first: npm run build');
  const child = spawn(process.execPath, [bin, 'serve', '--no-open', '--port', '0', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, origin: new URL(url).origin, child, stop };
}

export function chromiumPath(): string {
  const found = findChromium();
  if (!found) throw new Error('No Chromium found: install Debian\'s `chromium` (apt-get install -y chromium) or set CHROMIUM_PATH.');
  return found;
}

export { CHROMIUM_ARGS };
