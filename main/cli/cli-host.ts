import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Channel, Req, Res } from '../../shared/ipc/contract';
import type { Importer } from '../../shared/importers/importer';
import type { Host } from '../host';
import { createHost } from '../host';
import { dispatch } from '../ipc/dispatch';
import { closeMatches } from './close-matches';

/** A user mistake the CLI reports with exit code 2 (unknown run or metric), as opposed to a failure. */
export class UsageError extends Error {}

/**
 * Runs `fn` on a host over a throw-away workspace holding these folders, imported by the same code the app uses.
 * A folder that fails to import is an error, not an empty result.
 */
export async function withImportedHost<T>(dirs: readonly string[], opts: { importers?: readonly Importer[] }, fn: (host: Host) => Promise<T>): Promise<T> {
  const workspaceDir = await mkdtemp(path.join(os.tmpdir(), 'runlens-cli-'));
  let host: Host | null = null;
  try {
    host = await createHost({ workspaceDir, mode: 'cli', watch: false, ...(opts.importers ? { importers: opts.importers } : {}) });
    await host.addFolders(dirs);
    const failed = (await cliCall(host, 'library:list-sources', {})).find((s) => s.state === 'error');
    if (failed) throw new Error(`could not import ${failed.path}: ${failed.error ?? 'unknown error'}`);
    return await fn(host);
  } finally {
    await host?.close();
    await rm(workspaceDir, { recursive: true, force: true });
  }
}

/** Through `dispatch`, as every adapter calls the host, so requests are validated by the same schemas. */
export async function cliCall<C extends Channel>(host: Host, channel: C, req: Req<C>): Promise<Res<C>> {
  const r = await dispatch(host.handlers, channel, req, { mode: 'cli' });
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as Res<C>;
}

export function notFound(what: string, asked: string, known: readonly string[], hint: string): string {
  const close = closeMatches(asked, known);
  const lines = [`no ${what} '${asked}'.`];
  if (close.length > 0) lines.push(`Did you mean: ${close.join(', ')}?`);
  else if (known.length > 0 && known.length <= 20) lines.push(`Known: ${[...known].sort().join(', ')}.`);
  lines.push(hint);
  return lines.join('\n');
}

/** A run folder as `runlens inspect` prints it: relative to the folder given, `.` for the folder itself. */
export const shownPath = (p: string): string => (p === '' ? '.' : p);

/** What a user typed for a run path, in the shape `shownPath` prints. */
export function normaliseRunArg(arg: string): string {
  const s = arg.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  return s === '' ? '.' : s;
}
