import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Found {
  readonly dir: string;
  readonly version: string;
}

/** Walks up from this module to RunLens's package.json (works from source and from the bundles in dist/). */
function findPackage(): Found | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'runlens') return { dir, version: pkg.version ?? '0.0.0' };
    } catch {
      // not here: keep walking up
    }
    dir = path.dirname(dir);
  }
  return null;
}

const found = findPackage();

export const APP_VERSION = found?.version ?? '0.0.0';

/** The app's root folder (holds package.json, dist/ and demo/). */
export function appRoot(): string {
  return found?.dir ?? process.cwd();
}
