// Where the Electron executable is, for `npm start` and `npm run package`.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The Electron executable when one is installed, else null. Reads electron's path.txt directly: requiring the
 * package would try to download the binary on demand, which fails (noisily) on machines without that access.
 */
export function electronBinary() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
      const p = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
      return existsSync(p) ? p : null;
    }
    const p = path.join(dir, 'dist', readFileSync(path.join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(p) ? p : null;
  } catch {
    return null;
  }
}
