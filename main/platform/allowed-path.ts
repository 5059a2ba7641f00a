import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/ipc/result';

/**
 * Which paths a request may make the host read: only those under the folders the user added (the roots). Adding a
 * folder is the user's own act; every other path that arrives in a request is checked here, after symlinks are
 * resolved, so neither `..` nor a link inside a root can reach a file outside it.
 */

/** `child` is `root` or below it. Both absolute; compared as the platform compares paths (case-insensitive on Windows). */
export function isInside(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The real path of `p` (symlinks resolved) when it exists; for a path whose tail does not exist yet, the real path of
 * its deepest existing folder plus the missing names. Null when it cannot be told where the path leads: a dangling or
 * looping symlink (opening it would follow the link somewhere unknown), a folder that cannot be listed.
 */
export async function realpathLoose(p: string): Promise<string | null> {
  const abs = path.resolve(p);
  const missing: string[] = [];
  let head = abs;
  for (;;) {
    try {
      return path.join(await realpath(head), ...missing.reverse());
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return null;
      // realpath says ENOENT both for a missing name and for a link whose target is missing: only the first is safe.
      const exists = await lstat(head).then(
        () => true,
        () => false,
      );
      if (exists) return null;
      const parent = path.dirname(head);
      if (parent === head) return null;
      missing.push(path.basename(head));
      head = parent;
    }
  }
}

/**
 * `candidate` (absolute) resolved through symlinks, when it lies inside one of `roots` (themselves resolved); null
 * otherwise. A path that is lexically outside every root is refused before the file system is touched.
 */
export async function resolveInsideRoots(roots: readonly string[], candidate: string): Promise<string | null> {
  if (candidate.includes('\0') || !path.isAbsolute(candidate)) return null;
  const abs = path.resolve(candidate);
  const absRoots = roots.filter((r) => r !== '' && !r.includes('\0')).map((r) => path.resolve(r));
  if (!absRoots.some((r) => isInside(r, abs))) return null;
  const real = await realpathLoose(abs);
  if (real === null) return null;
  for (const r of absRoots) {
    const realRoot = await realpathLoose(r);
    if (realRoot !== null && isInside(realRoot, real)) return real;
  }
  return null;
}

/**
 * `rel` (as a request names it: relative to `root`, posix or native separators) resolved inside `root`, or an
 * AppError the UI can show. `what` names the thing for the message ("checkpoint", "folder"). The code is `not-found`,
 * as for any path the library does not hold: whether something exists outside the added folders is not told.
 */
export async function requireInside(root: string, rel: string, what: string): Promise<string> {
  const candidate = path.resolve(root, rel);
  const real = await resolveInsideRoots([root], candidate);
  if (real === null) throw new AppError('not-found', `The ${what} ${JSON.stringify(rel.slice(0, 300))} is outside the folder added to RunLens (${root}): only files under the folders you added can be read.`);
  return real;
}
