import os from 'node:os';
import path from 'node:path';

/** Default workspace: $RUNLENS_WORKSPACE, else the platform's per-user data folder. */
export function defaultWorkspaceDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.RUNLENS_WORKSPACE) return path.resolve(env.RUNLENS_WORKSPACE);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'RunLens', 'workspace');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'RunLens', 'workspace');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'runlens', 'workspace');
}
