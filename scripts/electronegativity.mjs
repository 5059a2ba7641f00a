#!/usr/bin/env node
// `npm run security` (and a step of `npm test`): Electronegativity, Doyensec's static checker for Electron
// misconfigurations, over the Electron side of RunLens (main/electron, preload) plus the renderer's Content-Security-
// Policy as served. Fails on any HIGH or MEDIUM finding (and any nodeIntegration one) that
// scripts/electronegativity-allow.json does not list with a reason, on a file it could not parse, on an inline
// `eng-disable` comment (suppressions belong in the reviewed allow-list), and on an allow-list entry that no longer
// matches anything.
//
// Offline and deterministic: the Electron version is the one package.json asks for (not detected), the check that
// downloads Electron's release list is left out (AvailableSecurityFixesGlobalCheck: its answer changes with every
// Electron release; keeping Electron current is a dependency-update task), and Electronegativity's HTTP client is
// replaced by one that answers "no update" at once, so its translation download never leaves the machine.
//
// Usage: node scripts/electronegativity.mjs [--input <dir|file>]... [--allow <file>] [--sarif <out.sarif>] [--json]
//   --input   what to scan instead of main/electron and preload (repeatable; tests scan deliberately bad samples)
//   --allow   the allow-list (default scripts/electronegativity-allow.json)
//   --sarif   also write Electronegativity's own SARIF report there
//   --json    print the outcome as one JSON object instead of text
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const DEFAULT_INPUTS = ['main/electron', 'preload'];
const DEFAULT_ALLOW = 'scripts/electronegativity-allow.json';
/** Where the served policy is written in the scanned tree, as the page would carry it. */
const CSP_PAGE = 'served-csp.html';
/** Needs the network and gives a different answer as Electron releases come out. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const SCANNED_EXTENSIONS = new Set(['.js', '.jsx', '.ts', '.tsx', '.mjs', '.cjs', '.html', '.htm', '.json']);
const BLOCKING = new Set(['HIGH', 'MEDIUM']);
/**
 * Checks that block at any severity. Electronegativity rates an explicit `nodeIntegration: true` INFORMATIONAL (it
 * raises it only when remote content is loaded too); RunLens never gives a renderer Node, so any such finding fails.
 */
const ALWAYS_BLOCKING = new Set(['NODE_INTEGRATION_JS_CHECK', 'NODE_INTEGRATION_HTML_CHECK']);
const ALLOW_KEYS = new Set(['check', 'file', 'sample', 'reason']);
const MIN_REASON_LENGTH = 30;

class UsageError extends Error {}

function options() {
  const { values } = parseArgs({
    options: {
      input: { type: 'string', multiple: true },
      allow: { type: 'string' },
      sarif: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  return {
    inputs: (values.input ?? DEFAULT_INPUTS).map((p) => path.resolve(root, p)),
    allowFile: path.resolve(root, values.allow ?? DEFAULT_ALLOW),
    sarif: values.sarif ? path.resolve(values.sarif) : null,
    json: values.json,
  };
}

/** The lowest Electron version package.json allows (`^45.4.1` → 45.4.1): the defaults the checks assume. */
function electronVersion() {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const range = pkg.devDependencies?.electron ?? pkg.dependencies?.electron;
  const m = typeof range === 'string' ? /(\d+)\.(\d+)\.(\d+)/.exec(range) : null;
  if (!m) throw new UsageError(`package.json names no Electron version (got ${JSON.stringify(range)})`);
  return `${m[1]}.${m[2]}.${m[3]}`;
}

/**
 * The renderer's policy, from the module both hosts send it from. Electronegativity finds a CSP only in a page's
 * `<meta>` or a literal `responseHeaders` object; RunLens sends it from a constant (app-protocol.ts, security.ts), so
 * the scan gets the same string as a page would carry it, and its CSP evaluator judges the real policy.
 */
async function servedCsp() {
  const { tsImport } = await import('tsx/esm/api');
  const mod = await tsImport(path.join(root, 'main/platform/csp.ts'), import.meta.url);
  if (typeof mod.RENDERER_CSP !== 'string' || mod.RENDERER_CSP === '') throw new Error('main/platform/csp.ts exports no RENDERER_CSP');
  return mod.RENDERER_CSP;
}

function escapeHtmlAttribute(s) {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function listFiles(p) {
  const st = statSync(p);
  if (st.isFile()) return [p];
  const out = [];
  for (const e of readdirSync(p, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const full = path.join(p, e.name);
    if (e.isDirectory()) out.push(...listFiles(full));
    else if (e.isFile() && SCANNED_EXTENSIONS.has(path.extname(e.name).toLowerCase())) out.push(full);
  }
  return out;
}

/** Where a scanned file is reported: its path in the repository, or `<input name>/…` for a file outside it. */
function reportedPath(file, input) {
  const rel = path.relative(root, file);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  return path.relative(path.dirname(input), file).split(path.sep).join('/');
}

/** Copies every input into `dir` (Electronegativity scans one folder; global checks need to see all of it). */
function stage(dir, inputs, csp) {
  const files = [];
  for (const input of inputs) {
    if (!existsSync(input)) throw new UsageError(`No such input: ${input}`);
    for (const file of listFiles(input)) {
      const rel = reportedPath(file, input);
      const dest = path.join(dir, ...rel.split('/'));
      mkdirSync(path.dirname(dest), { recursive: true });
      copyFileSync(file, dest);
      files.push(rel);
    }
  }
  const page = `<!doctype html>\n<meta http-equiv="Content-Security-Policy" content="${escapeHtmlAttribute(csp)}">\n`;
  const pagePath = path.join(dir, CSP_PAGE);
  // Written by us, not copied: a scanned input of the same name would be shadowed, so refuse it.
  if (existsSync(pagePath)) throw new UsageError(`An input already has ${CSP_PAGE}`);
  writeFileSync(pagePath, page);
  return files;
}

/** Electronegativity's HTTP client, answering "nothing newer" without touching the network. */
function stubNetwork() {
  const runner = require.resolve('@doyensec/electronegativity');
  const gotPath = require.resolve('got', { paths: [path.dirname(runner)] });
  const offline = () => Promise.resolve({ statusCode: 404, body: '' });
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline, children: [], paths: [] };
  return runner;
}

async function scan(dir, version, sarif) {
  const runnerPath = stubNetwork();
  const mod = require(runnerPath);
  const run = typeof mod === 'function' ? mod : mod.default;
  return run(
    {
      input: dir,
      output: sarif ?? undefined,
      isSarif: sarif !== null,
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS.map((c) => c.toLowerCase()),
      isRelative: true,
      isVerbose: true,
      electronVersionOverride: version,
      parserPlugins: [],
    },
    false,
  );
}

/** Lines with Electronegativity's inline suppression: a way around the reviewed allow-list, so refused. */
function inlineSuppressions(dir, files) {
  const found = [];
  for (const rel of files) {
    const lines = readFileSync(path.join(dir, ...rel.split('/')), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (/eng-disable/i.test(line)) found.push({ file: rel, line: i + 1, text: line.trim().slice(0, 160) });
    });
  }
  return found;
}

function loadAllowList(file) {
  if (!existsSync(file)) throw new UsageError(`Allow-list not found: ${file}`);
  let data;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`Allow-list ${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!Array.isArray(data)) throw new UsageError(`Allow-list ${file} must be a JSON array of entries`);
  return data.map((e, i) => {
    const where = `${path.basename(file)}[${i}]`;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new UsageError(`${where} must be an object`);
    for (const k of Object.keys(e)) if (!ALLOW_KEYS.has(k)) throw new UsageError(`${where} has an unknown key "${k}"`);
    if (typeof e.check !== 'string' || !/^[A-Z0-9_]+$/.test(e.check)) throw new UsageError(`${where}.check must be a check id such as CONTEXT_ISOLATION_JS_CHECK`);
    if (typeof e.file !== 'string' || e.file === '') throw new UsageError(`${where}.file must be the reported path`);
    if (e.sample !== undefined && typeof e.sample !== 'string') throw new UsageError(`${where}.sample must be a string`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < MIN_REASON_LENGTH) {
      throw new UsageError(`${where}.reason must say why this finding is a false positive (${MIN_REASON_LENGTH}+ characters)`);
    }
    return { check: e.check, file: e.file, sample: e.sample ?? null, reason: e.reason.trim() };
  });
}

function toFinding(issue) {
  return {
    check: String(issue.id),
    severity: String(issue.severity?.name ?? 'UNKNOWN'),
    confidence: String(issue.confidence?.name ?? 'UNKNOWN'),
    file: String(issue.file ?? 'N/A').split(path.sep).join('/'),
    line: Number(issue.location?.line ?? 0),
    column: Number(issue.location?.column ?? 0),
    sample: typeof issue.sample === 'string' ? issue.sample.trim() : '',
    description: String(issue.description ?? ''),
    manualReview: issue.manualReview === true,
  };
}

function matches(entry, finding) {
  return entry.check === finding.check && entry.file === finding.file && (entry.sample === null || entry.sample === finding.sample);
}

function byPlace(a, b) {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.check.localeCompare(b.check);
}

async function main() {
  const opts = options();
  const version = electronVersion();
  const allow = loadAllowList(opts.allowFile);
  const csp = await servedCsp();
  const dir = mkdtempSync(path.join(tmpdir(), 'runlens-eneg-'));
  const started = Date.now();
  try {
    const files = stage(dir, opts.inputs, csp);
    const result = await scan(dir, version, opts.sarif);
    const findings = result.issues.map(toFinding).sort(byPlace);
    const parseErrors = result.errors.filter((e) => !e.tolerable).map((e) => ({ file: path.relative(dir, e.file).split(path.sep).join('/'), message: String(e.message) }));
    const suppressions = inlineSuppressions(dir, files);
    const used = new Set();
    const blocking = [];
    const allowed = [];
    const notes = [];
    for (const f of findings) {
      if (!BLOCKING.has(f.severity) && !ALWAYS_BLOCKING.has(f.check)) {
        notes.push(f);
        continue;
      }
      const i = allow.findIndex((e) => matches(e, f));
      if (i >= 0) {
        used.add(i);
        allowed.push({ ...f, reason: allow[i]?.reason ?? '' });
      } else blocking.push(f);
    }
    const stale = allow.filter((_e, i) => !used.has(i));
    const ok = blocking.length === 0 && parseErrors.length === 0 && suppressions.length === 0 && stale.length === 0;
    const outcome = {
      ok,
      electronVersion: version,
      scanned: files.length,
      csp,
      seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
      blocking,
      allowed,
      notes,
      parseErrors,
      inlineSuppressions: suppressions,
      staleAllowEntries: stale,
    };
    if (opts.json) process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
    else printText(outcome);
    return ok ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function line(f) {
  return `  ${f.severity.padEnd(6)} ${f.check}  ${f.file}:${f.line}:${f.column}${f.sample ? `\n         ${f.sample.slice(0, 140)}` : ''}\n         ${f.description}`;
}

function printText(o) {
  const out = [];
  out.push(`Electronegativity (Electron ${o.electronVersion} defaults): ${o.scanned} files and the served CSP, ${o.seconds} s`);
  if (o.blocking.length > 0) out.push(`\n${o.blocking.length} blocking finding(s) not in the allow-list:`, ...o.blocking.map(line));
  if (o.parseErrors.length > 0) out.push('\nFiles Electronegativity could not parse (a file it cannot read is a file it did not check):', ...o.parseErrors.map((e) => `  ${e.file}: ${e.message}`));
  if (o.inlineSuppressions.length > 0) {
    out.push('\nInline eng-disable comments (list a proven false positive in scripts/electronegativity-allow.json instead):', ...o.inlineSuppressions.map((s) => `  ${s.file}:${s.line}: ${s.text}`));
  }
  if (o.staleAllowEntries.length > 0) out.push('\nAllow-list entries that match no finding (remove them):', ...o.staleAllowEntries.map((e) => `  ${e.check} ${e.file}`));
  if (o.allowed.length > 0) out.push(`\n${o.allowed.length} allow-listed finding(s):`, ...o.allowed.map((f) => `${line(f)}\n         allowed: ${f.reason}`));
  if (o.notes.length > 0) out.push(`\n${o.notes.length} low/informational note(s), for review:`, ...o.notes.map(line));
  out.push(o.ok ? '\n✔ Electronegativity: no HIGH or MEDIUM findings' : '\n✖ Electronegativity: the gate failed (see above)');
  process.stdout.write(`${out.join('\n')}\n`);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof UsageError ? err.message : (err?.stack ?? String(err))}\n`);
    process.exit(2);
  },
);
