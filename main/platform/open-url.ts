import { spawn } from 'node:child_process';

/** Opens a URL in the user's browser when one is available; resolves false (never throws) when none is. */
export function openUrl(url: string): Promise<boolean> {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open';
  return new Promise((resolve) => {
    try {
      const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
