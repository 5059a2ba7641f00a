#!/usr/bin/env node
// `npm start`: the desktop window when an Electron binary is installed, otherwise the local web host (which prints
// its address and opens it in a browser when there is one). Both open the bundled demo workspace on first launch.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const extra = process.argv.slice(2);

const electron = electronBinary();
const [cmd, args] = electron
  ? [electron, [root, ...extra]]
  : [process.execPath, [path.join(root, 'bin', 'runlens.mjs'), 'serve', path.join(root, 'demo'), ...extra]];
if (!electron) process.stdout.write('No Electron binary here: starting RunLens as a local web app instead.\n');
const child = spawn(cmd, args, { stdio: 'inherit', cwd: root });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
