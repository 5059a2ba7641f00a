// electron-builder.yml and scripts/package.mjs: the real config passes electron-builder's own validation and the
// packaging policy; broken or weakened copies fail with a message that names the problem; without an Electron binary
// the script validates and says it skipped packaging; the files it packs hold everything the Electron bundle loads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

const root = path.resolve(__dirname, '../../..');
const script = path.join(root, 'scripts/package.mjs');
const configPath = path.join(root, 'electron-builder.yml');
const require = createRequire(import.meta.url);
const tmp = mkdtempSync(path.join(tmpdir(), 'runlens-package-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Config = Record<string, unknown>;
const realConfig = (): Config => parse(readFileSync(configPath, 'utf8')) as Config;

/** What scripts/package.mjs exports besides running as a script. */
interface PackageScript {
  checkConfig(configFile: string, opts: { buildCheck: boolean }): Promise<{ problems: string[] }>;
}
let packageScript: Promise<PackageScript> | null = null;
const loadPackageScript = (): Promise<PackageScript> => (packageScript ??= import(pathToFileURL(script).href) as Promise<PackageScript>);

function runPackage(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

let seq = 0;
/** Writes a variant of the real config to a temp file. */
function variant(change: (c: Config) => void): string {
  const c = realConfig();
  change(c);
  const file = path.join(tmp, `variant-${++seq}.yml`);
  writeFileSync(file, stringify(c));
  return file;
}

/** The problems scripts/package.mjs finds in a variant (in this process: electron-builder loads once). */
async function problemsOf(change: (c: Config) => void, buildCheck = false): Promise<string[]> {
  const { checkConfig } = await loadPackageScript();
  return (await checkConfig(variant(change), { buildCheck })).problems;
}

describe('scripts/package.mjs, run as npm run package', () => {
  it('without an Electron binary: validates the real config, says packaging was skipped, exits 0', () => {
    const r = runPackage(['--no-build-check'], { ELECTRON_OVERRIDE_DIST_PATH: path.join(tmp, 'no-electron-here') });
    expect(r.out).toContain("✔ electron-builder.yml: valid (electron-builder's schema), referenced files present, packaging policy met");
    expect(r.out).toContain('Electron binary not installed: config validated, packaging skipped.');
    expect(r.out).toContain('run `npm run package`');
    expect(r.status).toBe(0);
  }, 120_000);

  it('exits 1 with electron-builder\'s message on an invalid config', () => {
    const r = runPackage(['--check', '--no-build-check', '--config', variant((c) => void (c.bogusKey = 1))]);
    expect(r.status).toBe(1);
    expect(r.out).toContain('is not a valid electron-builder configuration');
    expect(r.out).toContain("configuration has an unknown property 'bogusKey'");
  }, 120_000);

  it('refuses an unknown argument', () => {
    const r = runPackage(['--frobnicate']);
    expect(r.status).toBe(1);
    expect(r.out).toContain('Unknown argument --frobnicate');
  });
});

describe('scripts/package.mjs checks', () => {
  it('finds nothing wrong with the real config, built or not', async () => {
    const { checkConfig } = await loadPackageScript();
    expect((await checkConfig(configPath, { buildCheck: false })).problems).toEqual([]);
  }, 120_000);

  it.each<[string, (c: Config) => void, string]>([
    ['an unknown key', (c) => void (c.bogusKey = 1), "configuration has an unknown property 'bogusKey'"],
    ['a wrong type', (c) => void (c.asar = 'yes'), 'configuration.asar should be'],
    ['an unknown key in mac', (c) => void ((c.mac as Config).notAKey = true), 'configuration.mac should be'],
    ['a value outside an enum', (c) => void (c.compression = 'ultra'), 'configuration.compression should be one of these'],
  ])("rejects %s with electron-builder's own validation", async (_name, change, expected) => {
    const { checkConfig } = await loadPackageScript();
    await expect(checkConfig(variant(change), { buildCheck: false })).rejects.toThrow(expected);
  }, 60_000);

  it.each<[string, (c: Config) => void, string]>([
    ['a missing mac icon', (c) => void ((c.mac as Config).icon = 'build/nope.png'), 'mac.icon: build/nope.png does not exist'],
    ['a too small mac icon', (c) => void ((c.mac as Config).icon = 'build/icons/256x256.png'), 'mac.icon: build/icons/256x256.png is 256x256; at least 512x512 is needed'],
    ['an icon that is not a PNG', (c) => void ((c.win as Config).icon = 'build/icon.svg'), 'win.icon: build/icon.svg is not a PNG'],
    ['a missing installer script', (c) => void ((c.nsis as Config).include = 'build/missing.nsh'), 'nsis.include: build/missing.nsh does not exist'],
    ['a missing extra resource', (c) => void (c.extraResources = [{ from: 'no-demo', to: 'demo' }]), 'extraResources: no-demo does not exist'],
  ])('checks the files it refers to: %s', async (_name, change, expected) => {
    expect(await problemsOf(change)).toEqual([expected]);
  }, 60_000);

  it('takes a 256 × 256 icon for Windows (its minimum)', async () => {
    expect(await problemsOf((c) => void ((c.win as Config).icon = 'build/icons/256x256.png'))).toEqual([]);
  }, 60_000);

  it.each<[string, (c: Config) => void, string]>([
    ['runAsNode left on', (c) => void ((c.electronFuses as Config).runAsNode = true), 'electronFuses.runAsNode must be false (got true)'],
    ['NODE_OPTIONS honoured', (c) => void ((c.electronFuses as Config).enableNodeOptionsEnvironmentVariable = true), 'electronFuses.enableNodeOptionsEnvironmentVariable must be false (got true)'],
    ['asar integrity off', (c) => void ((c.electronFuses as Config).enableEmbeddedAsarIntegrityValidation = false), 'electronFuses.enableEmbeddedAsarIntegrityValidation must be true (got false)'],
    ['asar off', (c) => void (c.asar = false), 'asar must stay on (onlyLoadAppFromAsar and the asar integrity check need it)'],
    ['runlens:// registered with the OS', (c) => void (c.protocols = [{ name: 'RunLens', schemes: ['runlens'] }]), "protocols must be empty: runlens:// is the renderer's private origin, not a URL the OS may hand to the app"],
  ])('enforces the packaging security policy: %s', async (_name, change, expected) => {
    expect(await problemsOf(change)).toEqual([expected]);
  }, 60_000);

  it('enforces every fuse, and DuckDB outside the asar', async () => {
    const noFuses = await problemsOf((c) => void delete c.electronFuses);
    expect(noFuses).toHaveLength(7);
    expect(noFuses).toContain('electronFuses.onlyLoadAppFromAsar must be true (got unset)');
    const packed = await problemsOf((c) => void (c.asarUnpack = ['**/*.wasm']));
    expect(packed).toHaveLength(2);
    expect(packed[0]).toMatch(/^asarUnpack must cover node_modules\/@duckdb\/node-bindings-[a-z0-9]+-[a-z0-9]+\/duckdb\.node \(native code cannot load from app\.asar\)$/);
  }, 60_000);

  it('requires the build output unless told not to', async () => {
    const change = (c: Config) => {
      c.files = ['dist/not-built/**', 'package.json'];
      (c.extraMetadata as Config).main = 'dist/main/not-built.cjs';
    };
    expect(await problemsOf(change, true)).toEqual([
      'dist/main/not-built.cjs is not built: run npm run build first',
      'files: dist/not-built/** matches nothing (dist/not-built is missing: run npm run build first)',
    ]);
    expect(await problemsOf(change, false)).toEqual([]);
  }, 60_000);
});

describe('electron-builder.yml', () => {
  const c = realConfig();

  it('builds AppImage + deb, a dmg for both Mac architectures, and an NSIS installer', () => {
    expect(c.appId).toBe('dev.runlens.app');
    expect(c.productName).toBe('RunLens');
    expect((c.linux as Config).target).toEqual(['AppImage', 'deb']);
    expect((c.mac as Config).target).toEqual([{ target: 'dmg', arch: ['arm64', 'x64'] }]);
    expect((c.win as Config).target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
  });

  it('opens folders: public.folder on macOS, inode/directory after `--` on Linux, a folder verb on Windows', () => {
    const docTypes = ((c.mac as Config).extendInfo as Config).CFBundleDocumentTypes as Config[];
    expect(docTypes).toEqual([{ CFBundleTypeName: 'Folder', CFBundleTypeRole: 'Viewer', LSHandlerRank: 'Alternate', LSItemContentTypes: ['public.folder'] }]);
    expect((c.linux as Config).mimeTypes).toEqual(['inode/directory']);
    expect((c.linux as Config).executableArgs).toEqual(['--', '%F']);
    const nsh = readFileSync(path.join(root, 'build/installer.nsh'), 'utf8');
    expect(nsh).toContain('Software\\Classes\\Directory\\shell\\RunLens\\command" "" \'"$INSTDIR\\${APP_EXECUTABLE_FILENAME}" -- "%1"\'');
    // What is installed is removed again.
    for (const key of ['Directory\\shell\\RunLens', 'Directory\\Background\\shell\\RunLens']) expect(nsh).toContain(`DeleteRegKey SHCTX "Software\\Classes\\${key}"`);
  });

  it('ships the demo outside the asar and DuckDB unpacked for every platform it has a binding for', async () => {
    expect(c.extraResources).toEqual([{ from: 'demo', to: 'demo' }]);
    expect(c.files).not.toContain('demo/**');
    const { minimatch } = (await import(require.resolve('minimatch', { paths: [path.dirname(require.resolve('app-builder-lib/package.json'))] }))) as {
      minimatch: (p: string, pattern: string, o: { dot: boolean }) => boolean;
    };
    const bindings = JSON.parse(readFileSync(path.join(root, 'node_modules/@duckdb/node-bindings/package.json'), 'utf8')) as { optionalDependencies: Record<string, string> };
    const names = Object.keys(bindings.optionalDependencies);
    expect(names).toContain('@duckdb/node-bindings-darwin-arm64');
    for (const name of names) {
      for (const file of ['duckdb.node', 'libduckdb.so', 'libduckdb.dylib', 'duckdb.dll']) {
        expect((c.asarUnpack as string[]).some((p) => minimatch(`node_modules/${name}/${file}`, p, { dot: true }))).toBe(true);
      }
    }
    expect((c.asarUnpack as string[]).some((p) => minimatch('node_modules/zod/index.js', p, { dot: true }))).toBe(false);
  });

  it('packs every package the Electron bundle loads at run time, from production dependencies only', async () => {
    // The same bundle scripts/build.mjs makes (packages external), read for what it requires at run time.
    const result = await build({
      entryPoints: [path.join(root, 'main/electron/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      external: ['electron'],
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [
        {
          name: 'raw',
          setup(b) {
            b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path.replace(/\?raw$/, '')), namespace: 'raw' }));
            b.onLoad({ filter: /.*/, namespace: 'raw' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text' }));
          },
        },
      ],
    });
    const builtins = new Set(builtinModules);
    const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec));
    const direct = new Set<string>();
    for (const out of Object.values(result.metafile.outputs)) {
      for (const imp of out.imports) {
        if (!imp.external || imp.path.startsWith('node:') || builtins.has(imp.path) || imp.path === 'electron') continue;
        direct.add(packageOf(imp.path));
      }
    }
    expect([...direct].sort()).toEqual(['@duckdb/node-api', '@duckdb/node-bindings', 'sql.js', 'yaml', 'zod']);

    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const d of direct) expect(Object.keys(pkg.dependencies), `${d} must be a production dependency to be packed`).toContain(d);

    // Everything they load in turn, as installed (optional dependencies only where present: the platform bindings).
    const closure = new Set<string>();
    const visit = (name: string) => {
      if (closure.has(name)) return;
      const manifest = path.join(root, 'node_modules', name, 'package.json');
      if (!existsSync(manifest)) return;
      closure.add(name);
      const m = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
      for (const dep of [...Object.keys(m.dependencies ?? {}), ...Object.keys(m.optionalDependencies ?? {})]) visit(dep);
    };
    for (const d of direct) visit(d);
    expect(closure).toContain('@duckdb/node-bindings');
    expect(closure).toContain('detect-libc');

    const excluded = (c.files as string[])
      .map((f) => /^!node_modules\/(@[^/]+\/[^/]+|@[^/]+|[^@/][^/]*)\/\*\*$/.exec(f)?.[1])
      .filter((x): x is string => x !== undefined);
    expect(excluded).toContain('echarts');
    const dropped = [...closure].filter((name) => excluded.some((e) => name === e || name.startsWith(`${e}/`)));
    expect(dropped).toEqual([]);
    // sql.js loses only archives, never the file the bundle imports.
    expect(result.outputFiles[0]?.text).toContain('sql.js/dist/sql-wasm-inline.js');
  }, 60_000);

  it('ships an icon drawn by build/icons.mjs, and the committed files are what it draws', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'build/icons.mjs'), '--check'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
