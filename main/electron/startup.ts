import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { OpenDialogOptions } from 'electron';

/** `$RUNLENS_WORKSPACE` (resolved), else `<userData>/workspace`. An empty variable counts as unset. */
export function electronWorkspaceDir(env: Readonly<Record<string, string | undefined>>, userDataDir: string): string {
  const fromEnv = env.RUNLENS_WORKSPACE;
  return fromEnv ? path.resolve(fromEnv) : path.join(userDataDir, 'workspace');
}

export function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** First launch: the workspace folder does not exist yet or is empty (checked before the host creates it). */
export function isFreshWorkspace(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return true;
  }
}

/**
 * The bundled demo folder when it exists and holds something: `<resourcesPath>/demo` in a packaged app (electron-builder
 * ships it as an extra resource, outside app.asar), else `<appPath>/demo` (a development checkout).
 */
export function findDemoFolder(appPath: string, resourcesPath?: string): string | null {
  const candidates = [...(resourcesPath ? [path.join(resourcesPath, 'demo')] : []), path.join(appPath, 'demo')];
  for (const dir of candidates) {
    try {
      if (statSync(dir).isDirectory() && readdirSync(dir).length > 0) return dir;
    } catch {
      // missing: try the next place
    }
  }
  return null;
}

export interface ArgvContext {
  /** `process.defaultApp`: launched as `electron <appPath> …`, so argv[1] is the app, not a folder. */
  readonly isDefaultApp: boolean;
  /** Where relative paths are resolved (the launching shell's directory for a second instance). */
  readonly cwd: string;
  /** `app.getAppPath()`: never taken as a folder of runs. */
  readonly appPath: string;
  readonly isDirectory: (p: string) => boolean;
}

export interface ArgvFolders {
  /** Folders to add, absolute, in order, without duplicates. */
  readonly folders: string[];
  /** Paths named after `--` that are not directories (reported, not added). */
  readonly missing: string[];
}

/**
 * Folders of runs named on the command line. Everything after `--` is meant as a folder; without `--`, any argument
 * that is an existing directory is taken. Switches (`-x`, `--flag`, including those Chromium adds) are ignored.
 */
export function foldersFromArgv(argv: readonly string[], ctx: ArgvContext): ArgvFolders {
  const args = argv.slice(ctx.isDefaultApp ? 2 : 1);
  const dashes = args.indexOf('--');
  const explicit = dashes >= 0;
  const candidates = explicit ? args.slice(dashes + 1) : args;
  const appPath = path.resolve(ctx.appPath);
  const folders: string[] = [];
  const missing: string[] = [];
  for (const arg of candidates) {
    if (arg === '' || (!explicit && arg.startsWith('-'))) continue;
    const full = path.resolve(ctx.cwd, arg);
    if (!ctx.isDirectory(full)) {
      if (explicit) missing.push(full);
      continue;
    }
    if (!explicit && full === appPath) continue;
    if (!folders.includes(full)) folders.push(full);
  }
  return { folders, missing };
}

export interface StartupState {
  readonly cliFolders: readonly string[];
  readonly isFreshWorkspace: boolean;
  readonly sourceCount: number;
  readonly demoFolder: string | null;
}

/** What to add at start: the command-line folders, else the demo on a first launch with an empty library. */
export function startupFolders(s: StartupState): string[] {
  if (s.cliFolders.length > 0) return [...s.cliFolders];
  if (s.isFreshWorkspace && s.sourceCount === 0 && s.demoFolder) return [s.demoFolder];
  return [];
}

export const PICK_FOLDER_OPTIONS: OpenDialogOptions = {
  title: 'Add a folder of runs',
  buttonLabel: 'Add folder',
  properties: ['openDirectory'],
};

/** The host's `pickFolder`: the native folder dialog, null when cancelled. */
export function createFolderPicker(
  showOpenDialog: (options: OpenDialogOptions) => Promise<{ canceled: boolean; filePaths: string[] }>,
): () => Promise<string | null> {
  return async () => {
    const r = await showOpenDialog(PICK_FOLDER_OPTIONS);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  };
}
