#!/usr/bin/env node
// `npm test`: typecheck, lint, build, the Electron security gate (Electronegativity), the packaging config check,
// then every Vitest project (unit, contract, e2e). Ends with one plain line "N passed, N failed" so any CI can read
// the outcome.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function step(name, cmd, args) {
  process.stdout.write(`\n▶ ${name}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    process.stdout.write(`\n✖ ${name} failed\n0 passed, 1 failed\n`);
    process.exit(r.status ?? 1);
  }
}

step('typecheck', 'npm', ['run', '--silent', 'typecheck']);
step('lint', 'npm', ['run', '--silent', 'lint']);
step('build', process.execPath, ['scripts/build.mjs', '--if-stale']);
step('security (Electronegativity)', process.execPath, ['scripts/electronegativity.mjs']);
step('packaging config (electron-builder)', process.execPath, ['scripts/package.mjs', '--check']);

mkdirSync(path.join(root, '.tmp'), { recursive: true });
const report = path.join(root, '.tmp', 'vitest-report.json');
const r = spawnSync(npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { cwd: root, stdio: 'inherit', env: process.env });
let passed = 0;
let failed = r.status === 0 ? 0 : 1;
let skipped = 0;
if (existsSync(report)) {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  passed = j.numPassedTests ?? 0;
  failed = (j.numFailedTests ?? 0) + (r.status !== 0 && (j.numFailedTests ?? 0) === 0 ? 1 : 0);
  skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
}
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(r.status ?? 1);
