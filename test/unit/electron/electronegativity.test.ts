// The Electronegativity gate (scripts/electronegativity.mjs, a step of `npm test`) is real: it fails on insecure
// Electron code, on the app's own window factory with a protection removed, on code with no navigation limits or
// permission handler, and on inline suppressions; the allow-list needs a reason and goes stale loudly.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const script = path.join(root, 'scripts/electronegativity.mjs');
const tmp = mkdtempSync(path.join(tmpdir(), 'runlens-eneg-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Finding {
  check: string;
  severity: string;
  file: string;
  line: number;
  sample: string;
}
interface Outcome {
  ok: boolean;
  electronVersion: string;
  scanned: number;
  csp: string;
  blocking: Finding[];
  allowed: (Finding & { reason: string })[];
  inlineSuppressions: { file: string; line: number }[];
  staleAllowEntries: { check: string; file: string }[];
  parseErrors: unknown[];
}

function runGate(args: string[]) {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeJson(file: string, value: unknown): string {
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

const REASON = 'A test entry: this sample is deliberately insecure, the allow-list must still let it through.';

describe('scripts/electronegativity.mjs on deliberately insecure samples', () => {
  const samples = path.join(tmp, 'samples');
  let outcome: Outcome;
  let status: number | null;

  beforeAll(() => {
    mkdirSync(path.join(samples, 'mutated'), { recursive: true });
    writeFileSync(
      path.join(samples, 'insecure-window.ts'),
      [
        "import { BrowserWindow, shell } from 'electron';",
        'export function open(url: string): BrowserWindow {',
        '  const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false, allowRunningInsecureContent: true } });',
        '  void shell.openExternal(url);',
        '  return win;',
        '}',
        '',
      ].join('\n'),
    );
    // The app's own window factory with two protections taken out: the gate must see them in the real file's shape.
    const real = readFileSync(path.join(root, 'main/electron/window-options.ts'), 'utf8');
    const mutated = real.replace('contextIsolation: true,', 'contextIsolation: false,').replace('sandbox: true,', 'sandbox: false,');
    expect(mutated).not.toBe(real);
    expect(mutated).toContain('sandbox: false,');
    writeFileSync(path.join(samples, 'mutated', 'window-options.ts'), mutated);
    writeFileSync(
      path.join(samples, 'suppressed.ts'),
      "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({}); // eng-disable CONTEXT_ISOLATION_JS_CHECK\n",
    );
    const allow = writeJson(path.join(tmp, 'allow.json'), [
      { check: 'AUXCLICK_JS_CHECK', file: 'samples/suppressed.ts', reason: REASON },
      { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'samples/gone.ts', reason: REASON },
    ]);
    const r = runGate(['--json', '--input', samples, '--allow', allow]);
    status = r.status;
    outcome = JSON.parse(r.stdout) as Outcome;
  }, 120_000);

  const blocked = (check: string, file: string) => outcome.blocking.filter((f) => f.check === check && f.file === file);

  it('exits 1 and scans with the Electron version package.json asks for', () => {
    expect(status).toBe(1);
    expect(outcome.ok).toBe(false);
    expect(outcome.electronVersion).toBe('45.4.1');
    expect(outcome.scanned).toBe(3);
    expect(outcome.parseErrors).toEqual([]);
  });

  it('blocks an isolated-less, Node-enabled, web-security-off window and an unchecked openExternal', () => {
    const f = 'samples/insecure-window.ts';
    expect(blocked('CONTEXT_ISOLATION_JS_CHECK', f)).toMatchObject([{ severity: 'HIGH', line: 3 }]);
    expect(blocked('NODE_INTEGRATION_JS_CHECK', f)).toHaveLength(1); // INFORMATIONAL to Electronegativity; blocks here
    expect(blocked('SANDBOX_JS_CHECK', f)).toMatchObject([{ severity: 'MEDIUM' }]);
    expect(blocked('WEB_SECURITY_JS_CHECK', f)).toMatchObject([{ severity: 'MEDIUM' }]);
    expect(blocked('INSECURE_CONTENT_JS_CHECK', f)).toMatchObject([{ severity: 'MEDIUM' }]);
    expect(blocked('OPEN_EXTERNAL_JS_CHECK', f)).toMatchObject([{ severity: 'MEDIUM', line: 4 }]);
  });

  it("blocks the app's own window factory once contextIsolation or sandbox is turned off", () => {
    const f = 'samples/mutated/window-options.ts';
    expect(blocked('CONTEXT_ISOLATION_JS_CHECK', f)).toMatchObject([{ severity: 'HIGH', sample: 'contextIsolation: false,' }]);
    expect(blocked('SANDBOX_JS_CHECK', f)).toMatchObject([{ severity: 'MEDIUM', sample: 'sandbox: false,' }]);
    // Everything else the factory sets is still seen as safe.
    expect(outcome.blocking.filter((x) => x.file === f).map((x) => x.check).sort()).toEqual(['CONTEXT_ISOLATION_JS_CHECK', 'PRELOAD_JS_CHECK', 'SANDBOX_JS_CHECK']);
  });

  it('blocks code without navigation limits or a permission request handler', () => {
    expect(blocked('LIMIT_NAVIGATION_GLOBAL_CHECK', 'N/A')).toMatchObject([{ severity: 'HIGH' }]);
    expect(blocked('PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK', 'N/A')).toMatchObject([{ severity: 'MEDIUM' }]);
  });

  it('refuses inline eng-disable comments, which would bypass the reviewed allow-list', () => {
    expect(outcome.inlineSuppressions).toMatchObject([{ file: 'samples/suppressed.ts', line: 2 }]);
  });

  it('lets an allow-listed finding through with its reason, and reports an entry that matches nothing', () => {
    expect(outcome.allowed).toMatchObject([{ check: 'AUXCLICK_JS_CHECK', file: 'samples/suppressed.ts', reason: REASON }]);
    expect(blocked('AUXCLICK_JS_CHECK', 'samples/suppressed.ts')).toEqual([]);
    expect(outcome.staleAllowEntries).toMatchObject([{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'samples/gone.ts' }]);
  });

  it('judges the policy the app serves', async () => {
    const { RENDERER_CSP } = await import('../../../main/platform/csp');
    expect(outcome.csp).toBe(RENDERER_CSP);
  });
});

describe('scripts/electronegativity.mjs allow-list validation', () => {
  it.each([
    ['an entry without a reason', [{ check: 'PRELOAD_JS_CHECK', file: 'main/electron/window-options.ts' }], 'reason must say why'],
    ['a one-word reason', [{ check: 'PRELOAD_JS_CHECK', file: 'x.ts', reason: 'fine' }], 'reason must say why'],
    ['an unknown key', [{ check: 'PRELOAD_JS_CHECK', file: 'x.ts', reason: REASON, line: 3 }], 'unknown key "line"'],
    ['a check that is not an id', [{ check: 'preload', file: 'x.ts', reason: REASON }], 'check must be a check id'],
    ['an object instead of a list', { entries: [] }, 'must be a JSON array'],
  ])('exits 2 on %s', (_name, content, message) => {
    const file = writeJson(path.join(tmp, `bad-${Math.random().toString(36).slice(2)}.json`), content);
    const r = runGate(['--allow', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('keeps the committed allow-list small and reasoned', () => {
    const list = JSON.parse(readFileSync(path.join(root, 'scripts/electronegativity-allow.json'), 'utf8')) as { check: string; reason: string }[];
    expect(list.map((e) => e.check)).toEqual(['PRELOAD_JS_CHECK']);
    for (const e of list) expect(e.reason.length).toBeGreaterThan(100);
  });
});
