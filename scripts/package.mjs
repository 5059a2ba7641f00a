#!/usr/bin/env node
// `npm run package`: validates electron-builder.yml with electron-builder's own schema (app-builder-lib's
// validateConfiguration, the function `electron-builder` itself runs), checks what the config refers to and the
// packaging security policy (asar, Electron fuses, DuckDB's native binding outside the asar, no OS URL handler), then
// builds installers for this platform with electron-builder when an Electron binary is installed. Without one
// (Electron's download is blocked on some machines) it stops after the checks, says so, and exits 0.
//
// Usage: node scripts/package.mjs [--config <file>] [--check] [--no-build-check] [--x64|--arm64|--universal|--dir]
//                                 [-- <more electron-builder args>]
//   --check           validate only, never build
//   --no-build-check  do not require `npm run build` output (dist/) to exist (validation of a config alone)
//   --arm64 … --dir   passed to electron-builder (one architecture; an unpacked folder instead of installers)
//   after `--`        passed to electron-builder as they are
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

/**
 * Fuses flipped in the Electron binary at packaging time (https://www.electronjs.org/docs/latest/tutorial/fuses):
 * no running the app as plain Node, no NODE_OPTIONS or --inspect on a user's machine, app code only from the asar and
 * (macOS, Windows) only when its hash matches, no extra privileges for file:// pages, cookies encrypted at rest.
 */
const REQUIRED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};

/** DuckDB's N-API binding package for a platform and architecture (duckdb.node + the libduckdb it loads). */
const duckdbBinding = (platform, arch) => `@duckdb/node-bindings-${platform}-${arch}`;

export class CheckError extends Error {}

/** electron-builder flags taken without a `--` before them (so `npm run package -- --arm64` works). */
const PASSTHROUGH_FLAGS = new Set(['--x64', '--arm64', '--ia32', '--armv7l', '--universal', '--dir']);

function parse(argv) {
  const dashes = argv.indexOf('--');
  const own = dashes >= 0 ? argv.slice(0, dashes) : argv;
  const opts = { config: path.join(root, 'electron-builder.yml'), check: false, buildCheck: true, passthrough: dashes >= 0 ? argv.slice(dashes + 1) : [] };
  for (let i = 0; i < own.length; i += 1) {
    const a = own[i];
    if (a === '--check') opts.check = true;
    else if (a === '--no-build-check') opts.buildCheck = false;
    else if (a === '--config' && own[i + 1]) opts.config = path.resolve(own[(i += 1)]);
    else if (PASSTHROUGH_FLAGS.has(a)) opts.passthrough.push(a);
    else throw new CheckError(`Unknown argument ${a}. Usage: node scripts/package.mjs [--config <file>] [--check] [--no-build-check] [--x64|--arm64|--universal|--dir] [-- <electron-builder args>]`);
  }
  return opts;
}

/** Loads the config as electron-builder does and runs electron-builder's own validation (JSON schema + its rules). */
async function loadAndValidate(configFile) {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
  const { DebugLogger } = require('builder-util');
  if (!existsSync(configFile)) throw new CheckError(`${rel(configFile)} not found`);
  let config;
  try {
    config = await getConfig(root, configFile, null);
  } catch (err) {
    throw new CheckError(`${rel(configFile)} could not be read: ${message(err)}`);
  }
  try {
    await validateConfiguration(config, new DebugLogger(false));
  } catch (err) {
    throw new CheckError(`${rel(configFile)} is not a valid electron-builder configuration:\n${message(err)}`);
  }
  return config;
}

/** A path as the user knows it: relative inside the repository, absolute outside. */
function rel(p) {
  const r = path.relative(root, p);
  return r.startsWith('..') || path.isAbsolute(r) ? p : r.split(path.sep).join('/') || '.';
}
const message = (err) => (err instanceof Error ? err.message : String(err));
const asArray = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

function pngSize(file) {
  const b = readFileSync(file);
  if (b.length < 24 || b.toString('latin1', 1, 4) !== 'PNG' || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** Files the config names, and the icon sizes electron-builder needs to derive .icns / .ico / the Linux set. */
function checkReferencedFiles(config, problems) {
  const resources = config.directories?.buildResources ?? 'build';
  if (!existsSync(path.join(root, resources))) problems.push(`directories.buildResources: ${resources}/ does not exist`);
  const icon = (key, file, minSize) => {
    if (typeof file !== 'string') return problems.push(`${key} is not set (electron-builder would use its default icon)`);
    const full = path.join(root, file);
    if (!existsSync(full)) return problems.push(`${key}: ${file} does not exist`);
    if (statSync(full).isDirectory()) {
      const pngs = readdirSync(full).filter((f) => /^\d+x\d+\.png$/.test(f));
      if (!pngs.some((f) => Number(f.split('x')[0]) >= minSize)) problems.push(`${key}: ${file}/ has no <size>x<size>.png of at least ${minSize}`);
      for (const f of pngs) {
        const s = pngSize(path.join(full, f));
        if (!s || `${s.width}x${s.height}.png` !== f) problems.push(`${key}: ${file}/${f} is not a PNG of that size`);
      }
      return undefined;
    }
    const s = pngSize(full);
    if (!s) return problems.push(`${key}: ${file} is not a PNG`);
    if (s.width < minSize || s.height < minSize) problems.push(`${key}: ${file} is ${s.width}x${s.height}; at least ${minSize}x${minSize} is needed`);
    return undefined;
  };
  icon('mac.icon', config.mac?.icon, 512);
  icon('win.icon', config.win?.icon, 256);
  icon('linux.icon', config.linux?.icon, 256);
  if (config.nsis?.include && !existsSync(path.join(root, config.nsis.include))) problems.push(`nsis.include: ${config.nsis.include} does not exist`);
  for (const r of asArray(config.extraResources)) {
    const from = typeof r === 'string' ? r : r.from;
    if (typeof from === 'string' && !/[*?{]/.test(from) && !existsSync(path.join(root, from))) problems.push(`extraResources: ${from} does not exist`);
  }
}

/** The patterns of `files` that select from the app folder (electron-builder turns the list into FileSets). */
function filePatterns(config) {
  return asArray(config.files).flatMap((f) => {
    if (typeof f === 'string') return [f];
    if (f && typeof f === 'object' && (f.from === undefined || f.from === '.')) return asArray(f.filter);
    return [];
  });
}

/** What `npm run build` must have produced: the entry and every plain path `files` lists. */
function checkBuildOutput(config, problems) {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const main = config.extraMetadata?.main ?? pkg.main;
  if (typeof main !== 'string') problems.push('No main entry: set extraMetadata.main or package.json "main"');
  else if (!existsSync(path.join(root, main))) problems.push(`${main} is not built: run npm run build first`);
  for (const f of filePatterns(config)) {
    if (typeof f !== 'string' || f.startsWith('!')) continue;
    const parts = f.split('/');
    const firstGlob = parts.findIndex((part) => /[*?{[]/.test(part));
    const base = (firstGlob < 0 ? parts : parts.slice(0, firstGlob)).join('/');
    const full = path.join(root, base);
    if (!existsSync(full)) problems.push(`files: ${f} matches nothing (${base} is missing: run npm run build first)`);
    else if (statSync(full).isDirectory() && readdirSync(full).length === 0) problems.push(`files: ${f} matches nothing (${base}/ is empty)`);
  }
}

/** The packaging security policy: what a RunLens package must have, whatever the config says. */
function checkPolicy(config, problems) {
  if (config.asar === false) problems.push('asar must stay on (onlyLoadAppFromAsar and the asar integrity check need it)');
  const fuses = config.electronFuses ?? {};
  for (const [name, want] of Object.entries(REQUIRED_FUSES)) {
    if (fuses[name] !== want) problems.push(`electronFuses.${name} must be ${want} (got ${fuses[name] ?? 'unset'})`);
  }
  if (asArray(config.protocols).length > 0 || asArray(config.mac?.protocols).length > 0) {
    problems.push('protocols must be empty: runlens:// is the renderer\'s private origin, not a URL the OS may hand to the app');
  }
  // DuckDB's binding is a native library: it cannot be loaded from inside app.asar.
  const { minimatch } = require(require.resolve('minimatch', { paths: [path.dirname(require.resolve('app-builder-lib/package.json'))] }));
  const unpack = asArray(config.asarUnpack);
  for (const file of ['duckdb.node', process.platform === 'win32' ? 'duckdb.dll' : process.platform === 'darwin' ? 'libduckdb.dylib' : 'libduckdb.so']) {
    const p = `node_modules/${duckdbBinding(process.platform, process.arch)}/${file}`;
    if (!unpack.some((pattern) => minimatch(p, pattern, { dot: true }))) problems.push(`asarUnpack must cover ${p} (native code cannot load from app.asar)`);
  }
}


const PLATFORM_FLAG = { darwin: '--mac', win32: '--win', linux: '--linux' };
const ARCH_FLAGS = ['x64', 'arm64', 'ia32', 'armv7l', 'universal'];

/** The architectures this build makes: `-- --arm64 …` when given, else the config's (mac), else this machine's. */
function targetArchs(config, passthrough) {
  const fromArgs = ARCH_FLAGS.filter((a) => passthrough.includes(`--${a}`));
  const archs = fromArgs.length > 0 ? fromArgs : process.platform === 'darwin' ? asArray(config.mac?.target).flatMap((t) => asArray(t?.arch)) : [];
  const list = archs.length > 0 ? archs : [process.arch];
  return [...new Set(list.flatMap((a) => (a === 'universal' ? ['x64', 'arm64'] : [a])))];
}

function checkBindings(config, passthrough) {
  const pkg = JSON.parse(readFileSync(path.join(root, 'node_modules/@duckdb/node-bindings/package.json'), 'utf8'));
  const missing = targetArchs(config, passthrough).filter((arch) => !existsSync(path.join(root, 'node_modules', duckdbBinding(process.platform, arch))));
  if (missing.length === 0) return;
  const names = missing.map((a) => `${duckdbBinding(process.platform, a)}@${pkg.version}`);
  throw new CheckError(
    `DuckDB's native binding is not installed for ${missing.map((a) => `${process.platform}-${a}`).join(', ')} (npm installs only this machine's).\n` +
      `Build on a machine of that architecture, pick the installed one (npm run package -- --${process.arch}), or install it first:\n` +
      `  npm install --no-save --force ${names.join(' ')}`,
  );
}

/**
 * electron-builder's validation of `configFile`, then the checks of this script. Throws CheckError when electron-builder
 * rejects the config; returns the remaining problems (empty: ready to package).
 */
export async function checkConfig(configFile, { buildCheck = true } = {}) {
  const config = await loadAndValidate(configFile);
  const problems = [];
  checkReferencedFiles(config, problems);
  if (buildCheck) checkBuildOutput(config, problems);
  checkPolicy(config, problems);
  return { config, problems };
}

async function main() {
  const opts = parse(process.argv.slice(2));
  const { config, problems } = await checkConfig(opts.config, { buildCheck: opts.buildCheck });
  if (problems.length > 0) throw new CheckError(`${rel(opts.config)} is valid for electron-builder, but:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.stdout.write(`✔ ${rel(opts.config)}: valid (electron-builder's schema), referenced files present, packaging policy met\n`);
  if (opts.check) return 0;

  const electron = electronBinary();
  if (!electron) {
    process.stdout.write(
      'Electron binary not installed: config validated, packaging skipped.\n' +
        'On a machine with Electron installed (where `npm install` can download its binary), run `npm run package`.\n',
    );
    return 0;
  }
  const platformFlag = PLATFORM_FLAG[process.platform];
  if (!platformFlag) throw new CheckError(`Packaging on ${process.platform} is not supported`);
  checkBindings(config, opts.passthrough);
  const cli = path.join(path.dirname(require.resolve('electron-builder/package.json')), 'cli.js');
  const args = [cli, '--config', opts.config, platformFlag, ...opts.passthrough];
  process.stdout.write(`Packaging with electron-builder: ${args.slice(1).join(' ')}\n`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
  return r.status ?? 1;
}

// Run as a script; imported (by the packaging tests), it only exports checkConfig.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`✖ ${err instanceof CheckError ? err.message : (err?.stack ?? String(err))}\n`);
      process.exit(1);
    },
  );
}
