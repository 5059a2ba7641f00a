// Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security), checked on the sources'
// syntax trees: the behaviour tests next to this file prove what each protection does; these prove no code path
// goes around them (a second window factory, a second IPC channel, a link handed to the OS, an insecure preference).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...tsFiles(rel));
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

interface Source {
  readonly file: string;
  readonly sf: ts.SourceFile;
}

const sources: Source[] = [...tsFiles('main'), ...tsFiles('preload')].map((file) => ({
  file,
  sf: ts.createSourceFile(file, readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.ES2022, true),
}));

function visit(node: ts.Node, fn: (n: ts.Node) => void): void {
  fn(node);
  node.forEachChild((c) => visit(c, fn));
}

interface Hit {
  readonly file: string;
  readonly node: ts.Node;
}

/** Every node `pick` selects, over every main/ and preload/ source. */
function nodes(pick: (n: ts.Node) => boolean): Hit[] {
  const hits: Hit[] = [];
  for (const { file, sf } of sources) visit(sf, (n) => (pick(n) ? hits.push({ file, node: n }) : undefined));
  return hits;
}

/** The same, as `file:line  text` (readable in a failure message). */
function find(pick: (n: ts.Node) => boolean): string[] {
  return nodes(pick).map(({ file, node }) => `${file}:${node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1}  ${node.getText().slice(0, 80)}`);
}

const fileOf = (hit: string): string => hit.slice(0, hit.indexOf(':'));

function calledName(n: ts.Node): string | null {
  if (!ts.isCallExpression(n)) return null;
  const e = n.expression;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isIdentifier(e)) return e.text;
  return null;
}

function receiverText(n: ts.CallExpression): string | null {
  return ts.isPropertyAccessExpression(n.expression) ? n.expression.expression.getText() : null;
}

describe('Electron security checklist, on the sources', () => {
  it('reads the Electron side of the app', () => {
    const files = sources.map((s) => s.file);
    for (const f of ['main/electron/main.ts', 'main/electron/security.ts', 'main/electron/window-options.ts', 'preload/index.ts']) expect(files).toContain(f);
  });

  it('creates every window through the one hardened factory (no BrowserView or WebContentsView)', () => {
    const windows = find((n) => ts.isNewExpression(n) && /^(BrowserWindow|BrowserView|WebContentsView)$/.test(n.expression.getText()));
    expect(windows.map(fileOf)).toEqual(['main/electron/window-options.ts']);
  });

  it('only ever sets the secure value of a security-relevant web preference', () => {
    const mustBe: Record<string, 'true' | 'false'> = {
      contextIsolation: 'true',
      sandbox: 'true',
      webSecurity: 'true',
      nodeIntegration: 'false',
      nodeIntegrationInWorker: 'false',
      nodeIntegrationInSubFrames: 'false',
      allowRunningInsecureContent: 'false',
      webviewTag: 'false',
      experimentalFeatures: 'false',
    };
    const seen = new Set<string>();
    const wrong = find((n) => {
      // Windows are made only in main/electron (checked above); elsewhere these names mean other things.
      if (!n.getSourceFile().fileName.startsWith('main/electron/') || !ts.isPropertyAssignment(n) || !ts.isIdentifier(n.name)) return false;
      const want = mustBe[n.name.text];
      if (!want) return false;
      seen.add(n.name.text);
      return n.initializer.getText() !== want;
    });
    expect(wrong).toEqual([]);
    // The factory states each of them rather than trusting a default.
    expect([...seen].sort()).toEqual(Object.keys(mustBe).sort());
    expect(find((n) => (ts.isPropertyAssignment(n) || ts.isShorthandPropertyAssignment(n)) && n.name.getText() === 'enableBlinkFeatures')).toEqual([]);
  });

  it('imports Electron at runtime only in the two entry files, and never shell or remote', () => {
    const imports = find((n) => ts.isImportDeclaration(n) && !n.importClause?.isTypeOnly && ts.isStringLiteral(n.moduleSpecifier) && n.moduleSpecifier.text === 'electron');
    expect(imports.map(fileOf).sort()).toEqual(['main/electron/main.ts', 'preload/index.ts']);
    const imported = nodes((n) => ts.isImportSpecifier(n) && !n.isTypeOnly && n.parent.parent.parent.moduleSpecifier.getText() === "'electron'").map((h) => h.node.getText());
    expect(imported).toContain('ipcMain'); // the walk sees the imports it checks
    expect(imported).not.toContain('shell');
    expect(imported).not.toContain('remote');
    expect(find((n) => ts.isCallExpression(n) && n.expression.getText() === 'require' && n.arguments[0]?.getText().includes('electron') === true)).toEqual([]);
  });

  it('never hands a URL or path to the operating system, nor registers RunLens as a protocol handler', () => {
    const banned = new Set(['openExternal', 'openPath', 'showItemInFolder', 'setAsDefaultProtocolClient', 'registerFileProtocol', 'interceptFileProtocol']);
    expect(find((n) => banned.has(calledName(n) ?? ''))).toEqual([]);
  });

  it('adds no Chromium switches and does not override certificate checks', () => {
    expect(find((n) => ['appendSwitch', 'appendArgument', 'setCertificateVerifyProc'].includes(calledName(n) ?? ''))).toEqual([]);
    const events = new Set(['certificate-error', 'select-client-certificate', 'login']);
    expect(find((n) => ts.isCallExpression(n) && calledName(n) === 'on' && ts.isStringLiteral(n.arguments[0] ?? n) && events.has((n.arguments[0] as ts.StringLiteral).text))).toEqual([]);
  });

  it('has one IPC entry point: ipcMain.handle in ipc.ts (no ipcMain.on, no per-contents ipc handlers)', () => {
    const ipcMainCalls = nodes((n) => ts.isCallExpression(n) && receiverText(n) === 'ipcMain');
    expect(ipcMainCalls.map(({ file, node }) => `${file} ${calledName(node) ?? '?'}`)).toEqual(['main/electron/ipc.ts handle', 'main/electron/ipc.ts removeHandler']);
    expect(find((n) => ts.isCallExpression(n) && /\.ipc$/.test(receiverText(n) ?? ''))).toEqual([]);
  });

  it('the preload only invokes and listens (no send, sendSync, sendToHost or postMessage) and exposes one object', () => {
    const preloadIpc = nodes((n) => ts.isCallExpression(n) && receiverText(n) === 'ipcRenderer');
    expect(new Set(preloadIpc.map((h) => h.file.split('/')[0]))).toEqual(new Set(['preload']));
    expect([...new Set(preloadIpc.map((h) => calledName(h.node)))].sort()).toEqual(['invoke', 'on', 'removeListener']);
    expect(find((n) => calledName(n) === 'exposeInMainWorld')).toHaveLength(1);
  });

  it('runs only constant scripts in a page (executeJavaScript gets a named constant, never built text)', () => {
    const calls = find((n) => calledName(n) === 'executeJavaScript');
    expect(calls.length).toBeGreaterThan(0);
    const isNamedConstant = (a: ts.Expression | undefined): boolean => a !== undefined && ts.isIdentifier(a) && /^[A-Z][A-Z0-9_]*$/.test(a.text);
    const built = find((n) => ts.isCallExpression(n) && calledName(n) === 'executeJavaScript' && !(n.arguments.length === 1 && isNamedConstant(n.arguments[0])));
    expect(built).toEqual([]);
  });
});
