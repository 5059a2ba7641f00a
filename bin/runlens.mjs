#!/usr/bin/env node
// Entry for `npx runlens`: runs the built CLI (npm install builds it through the `prepare` script).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main', 'cli.mjs');
if (!existsSync(cli)) {
  process.stderr.write('runlens: the CLI is not built yet. Run `npm install` (or `npm run build`) in the RunLens folder first.\n');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
