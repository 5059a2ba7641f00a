#!/usr/bin/env node
// `npm start`: the desktop window when an Electron binary is installed, otherwise the local web host (which prints
// its address and opens it in a browser when there is one). Both open the bundled demo workspace on first launch.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const extra = process.argv.slice(2);

/**
 * The Electron executable when one is installed, else null. Reads electron's path.txt directly: requiring the
 * package would try to download the binary on demand, which fails (noisily) on machines without that access.
 */
function electronBinary() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
      const p = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
      return existsSync(p) ? p : null;
    }
    const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const p = path.join(dir, 'dist', rel);
    return existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const electron = electronBinary();
const [cmd, args] = electron
  ? [electron, [root, ...extra]]
  : [process.execPath, [path.join(root, 'bin', 'runlens.mjs'), 'serve', path.join(root, 'demo'), ...extra]];
if (!electron) process.stdout.write('No Electron binary here: starting RunLens as a local web app instead.\n');
const child = spawn(cmd, args, { stdio: 'inherit', cwd: root });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
