import path from 'node:path';
import { parseArgs } from 'node:util';
import { createHost } from '../host';
import { importers } from '../importers/registry';
import { appRoot, APP_VERSION } from '../platform/app-version';
import { openUrl } from '../platform/open-url';
import { defaultWorkspaceDir } from '../platform/workspace-dir';
import { startServer } from '../serve/server';
import { formatInspect, inspectFolder } from './inspect';

const USAGE = `runlens ${APP_VERSION}: open ML run folders, see loss curves, compare and diagnose runs.

Usage:
  runlens inspect <dir> [--json]          what RunLens finds in a folder (runs, formats, metric point counts, warnings)
  runlens serve [--port N] [--no-open] [--workspace DIR] [folders…]
                                          start the local web app on 127.0.0.1 and add the folders to the library
  runlens --version | --help`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 1 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${APP_VERSION}\n`);
    return 0;
  }
  if (command === 'inspect') return inspect(rest);
  if (command === 'serve') return serve(rest);
  process.stderr.write(`runlens: unknown command '${command}'\n\n${USAGE}\n`);
  return 2;
}

async function inspect(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  const dir = positionals[0];
  if (dir === undefined || positionals.length > 1) {
    process.stderr.write('runlens inspect: give exactly one folder, e.g. `runlens inspect ./runs --json`\n');
    return 2;
  }
  try {
    const report = await inspectFolder(dir, importers);
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatInspect(report)}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`runlens inspect: ${(err as Error).message}\n`);
    return 1;
  }
}

async function serve(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string', default: '0' },
      'no-open': { type: 'boolean', default: false },
      workspace: { type: 'string' },
    },
    allowPositionals: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`runlens serve: --port must be 0..65535 (got ${values.port})\n`);
    return 2;
  }
  const workspaceDir = values.workspace ? path.resolve(values.workspace) : defaultWorkspaceDir();
  const host = await createHost({ workspaceDir, mode: 'web', watch: true });
  const server = await startServer({
    host,
    rendererDir: path.join(appRoot(), 'dist', 'renderer'),
    port,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`RunLens is running at ${server.url}\n`);
  process.stdout.write(`Workspace: ${workspaceDir}\nPress Ctrl+C to stop.\n`);
  const stop = async () => {
    await server.close();
    await host.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  if (!values['no-open']) {
    const opened = await openUrl(server.url);
    if (!opened) process.stdout.write('No browser could be opened here: open the address above in one.\n');
  }
  // Imports run in the background; the page shows their progress.
  for (const folder of positionals) {
    host.addFolders([folder]).catch((err: unknown) => process.stderr.write(`runlens serve: could not add ${folder}: ${(err as Error).message}\n`));
  }
  return new Promise<number>(() => undefined);
}
