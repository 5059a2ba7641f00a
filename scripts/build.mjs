#!/usr/bin/env node
// Builds the host bundles (esbuild) and the renderer (vite). `--if-stale` skips the work when dist/ is newer than
// every source file, so `npm start` and the e2e tests do not rebuild an unchanged tree.
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const inputs = ['main', 'shared', 'preload', 'renderer', 'package.json', 'vite.config.ts', 'scripts/build.mjs'];

function newestMtime(p) {
  const full = path.join(root, p);
  if (!existsSync(full)) return 0;
  const st = statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

if (process.argv.includes('--if-stale') && existsSync(stamp)) {
  const built = Number(readFileSync(stamp, 'utf8'));
  if (inputs.every((p) => newestMtime(p) <= built)) process.exit(0);
}

const { build } = await import('esbuild');

/** `import sql from './x.sql?raw'` → the file's text, as vite does in tests. */
const rawPlugin = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path.replace(/\?raw$/, '')), namespace: 'raw' }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text' }));
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', plugins: [rawPlugin] };
// CommonJS bundles have no import.meta: give them the file URL of the bundle itself.
const cjsMeta = {
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
};

const started = Date.now();
await Promise.all([
  build({ ...common, entryPoints: ['main/cli/bin.ts'], outfile: 'dist/main/cli.mjs', format: 'esm', packages: 'external' }),
  // The parse worker is self-contained (no external packages): a packaged app loads it from outside the asar archive.
  // Bundled CommonJS packages require Node's built-ins: an ESM bundle needs a require for them.
  build({ ...common, entryPoints: ['main/services/parse-worker.ts'], outfile: 'dist/main/parse-worker.mjs', format: 'esm', banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" } }),
  build({ ...common, ...cjsMeta, entryPoints: ['main/electron/main.ts'], outfile: 'dist/main/electron.cjs', format: 'cjs', packages: 'external', external: ['electron'] }),
  // A sandboxed preload can require only 'electron': bundle everything else into it.
  // No cjsMeta banner here: a sandboxed preload has no __filename.
  build({ ...common, entryPoints: ['preload/index.ts'], outfile: 'dist/preload/index.cjs', format: 'cjs', external: ['electron'], minify: true }),
].map((p) => p.catch((err) => { throw err; })));

// Always the production renderer: a build started from a test (NODE_ENV=test) would otherwise bundle React's
// development build, with its links to react.dev (test/contract/no-network.test.ts).
process.env.NODE_ENV = 'production';
const { build: viteBuild } = await import('vite');
await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });

mkdirSync(path.dirname(stamp), { recursive: true });
writeFileSync(stamp, String(Date.now()));
process.stdout.write(`RunLens built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
