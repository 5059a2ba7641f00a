import { spawn } from 'node:child_process';
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENSORBOARD_DEFAULT } from '../../shared/analysis/smoothing';
import type { RunSummary } from '../../shared/domain/run';
import { STEP_X } from '../../shared/domain/series';
import { newReport } from '../../shared/report/compose';
import { BLOCK_NAME_RESOLUTION, CHROMIUM_ARGS, findChromium } from '../../main/platform/chromium';
import type { NetRecord, StraceFindings } from '../helpers/no-network-hook';
import { hookedEnv, outboundInStrace, readRecords, straceCommand, straceWorks } from '../helpers/no-network-hook';
import { repoRoot, tempDir } from '../helpers/paths';

/**
 * Issue 12 §7, "no network": the CLI commands and `runlens serve` (its page, API, event stream and PDF/HTML export)
 * run with every outbound attempt recorded and blocked, by the JavaScript hook in every Node process and, where the
 * system allows it, by strace over the whole process tree (DuckDB and Chromium included). The records must be empty.
 * The built renderer and the exported HTML fetch nothing from anywhere else.
 */

const bin = path.join(repoRoot, 'bin', 'runlens.mjs');
const demo = path.join(repoRoot, 'demo');
const useStrace = straceWorks();
const chromium = findChromium();

interface Traced {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly records: NetRecord[];
  /** Processes the hook was loaded in. */
  readonly hooked: number[];
  readonly strace: StraceFindings | null;
}

let work: { dir: string; cleanup: () => Promise<void> };
let seq = 0;

/**
 * Runs `node <args>` under the hook (and strace when it works). `whileRunning` gets the child's stdout so far and
 * may talk to it; the child is stopped (SIGTERM to the Node process itself, not to strace) when it returns.
 */
async function traced(args: readonly string[], opts: { env?: NodeJS.ProcessEnv; whileRunning?: (stdout: () => string) => Promise<void>; timeoutMs?: number } = {}): Promise<Traced> {
  const n = ++seq;
  const recordFile = path.join(work.dir, `net-${n}.jsonl`);
  const straceFile = path.join(work.dir, `strace-${n}.log`);
  const argv = [process.execPath, ...args];
  const [cmd, ...rest] = useStrace ? [...straceCommand(straceFile), ...argv] : argv;
  const child = spawn(cmd ?? process.execPath, rest, { cwd: work.dir, env: hookedEnv(recordFile, opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 150_000);
  try {
    if (opts.whileRunning) {
      await opts.whileRunning(() => stdout);
      await stopNode(child.pid, useStrace);
    }
    const code = await exited;
    const { attempts, loadedIn } = readRecords(recordFile);
    return { code, stdout, stderr, records: attempts, hooked: loadedIn, strace: useStrace ? outboundInStrace(await readFile(straceFile, 'utf8')) : null };
  } finally {
    clearTimeout(timer);
  }
}

/** SIGTERM to the Node process: under strace that is strace's child (strace itself would only detach). */
async function stopNode(pid: number | undefined, underStrace: boolean): Promise<void> {
  if (pid === undefined) return;
  let target = pid;
  if (underStrace) {
    const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8')).trim().split(/\s+/).filter(Boolean);
    target = Number(children[0] ?? pid);
  }
  process.kill(target, 'SIGTERM');
}

function expectNoNetwork(r: Traced): void {
  expect(r.hooked.length, 'processes the hook was loaded in').toBeGreaterThan(0);
  expect(r.records, 'JavaScript network attempts').toEqual([]);
  if (r.strace) expect(r.strace.outbound, 'system calls that would leave the machine').toEqual([]);
}

/** URLs the page or file would fetch: src/href/poster/action attributes, CSS url() and @import (xmlns is a name). */
function fetchedExternalUrls(text: string): string[] {
  const out: string[] = [];
  const patterns = [/\b(?:src|href|poster|action|srcset|data)\s*=\s*["']?\s*((?:https?:)?\/\/[^"'\s>)]+)/gi, /url\(\s*["']?\s*((?:https?:)?\/\/[^"')\s]+)/gi, /@import\s+(?:url\()?\s*["']?\s*((?:https?:)?\/\/[^"')\s;]+)/gi];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1] ?? '');
  return out;
}

beforeAll(async () => {
  work = await tempDir('runlens-no-network-');
});
afterAll(async () => {
  await work?.cleanup();
});

describe('the recorders (controls): they see what they must, and not loopback', () => {
  it('the JavaScript hook records and blocks sockets, DNS, UDP, TLS, http(s) and fetch to anything but loopback', async () => {
    const script = path.join(work.dir, 'attempts.mjs');
    await writeFile(
      script,
      `import net from 'node:net'; import dns from 'node:dns'; import dgram from 'node:dgram'; import tls from 'node:tls'; import https from 'node:https'; import http from 'node:http';
const settle = (p) => p.then(() => 'ok', (e) => e.code ?? e.message);
const server = http.createServer((q, s) => s.end('local')).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const local = await (await fetch('http://127.0.0.1:' + server.address().port + '/')).text();
const results = {
  local,
  fetch: await settle(fetch('http://example.com/')),
  dns: await settle(dns.promises.lookup('example.net')),
  dnsCb: await new Promise((r) => dns.lookup('example.org', (e) => r(e && e.code))),
  tcp: await new Promise((r) => net.connect(80, '93.184.216.34').once('error', (e) => r(e.code)).once('connect', () => r('connected'))),
  tls: await new Promise((r) => tls.connect(443, '93.184.216.35', { servername: 'example.com' }).once('error', (e) => r(e.code)).once('secureConnect', () => r('connected'))),
  https: await new Promise((r) => https.get('https://1.1.1.1/', () => r('answered')).once('error', (e) => r(e.code))),
  udp: await new Promise((r) => { const s = dgram.createSocket('udp4'); s.send('x', 53, '192.0.2.1', (e) => { s.close(); r(e ? e.code : 'sent'); }); }),
};
server.close();
console.log(JSON.stringify(results));`,
    );
    const r = await traced([script]);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as Record<string, string>;
    // Loopback works; everything else was blocked before it left.
    expect(results.local).toBe('local');
    for (const k of ['fetch', 'dns', 'dnsCb', 'tcp', 'tls', 'https', 'udp']) expect([k, results[k]]).not.toEqual([k, 'connected']);
    expect(results.https).not.toBe('answered');
    expect(results.udp).toBe('ENETUNREACH');
    const seen = r.records.map((x) => `${x.kind} ${x.target}`);
    expect(seen).toEqual(
      expect.arrayContaining(['fetch http://example.com/', 'dns-lookup example.net', 'dns-lookup example.org', 'tcp-connect 93.184.216.34:80', 'tls-connect 93.184.216.35', 'tcp-connect 93.184.216.35:443', 'https-get https://1.1.1.1/', 'tcp-connect 1.1.1.1:443', 'udp-send 192.0.2.1']),
    );
    expect(seen.filter((s) => s.includes('127.0.0.1'))).toEqual([]);
    // Blocked in the process: the system calls never happened.
    if (r.strace) expect(r.strace.outbound).toEqual([]);
  });

  it.runIf(useStrace)('strace sees a connect from native code the hook cannot, and any DNS query', async () => {
    // 0.0.0.1 is refused by the kernel itself (no packet leaves); port 53 on loopback stands for a stub resolver.
    const script = path.join(work.dir, 'native.mjs');
    await writeFile(
      script,
      `import { execFileSync } from 'node:child_process';
try { execFileSync('bash', ['-c', 'exec 3<>/dev/tcp/0.0.0.1/80'], { stdio: 'ignore' }); } catch {}
try { execFileSync('bash', ['-c', 'echo x > /dev/udp/127.0.0.1/53'], { stdio: 'ignore' }); } catch {}`,
    );
    const r = await traced([script]);
    expect(r.records).toEqual([]);
    expect(r.strace?.outbound.some((l) => l.includes('"0.0.0.1"'))).toBe(true);
    expect(r.strace?.outbound.some((l) => l.includes('htons(53)'))).toBe(true);
  });
});

describe('the CLI makes no outbound connection', () => {
  it.each<[string, string[]]>([
    ['inspect', ['inspect', demo, '--json']],
    ['export', ['export', path.join(demo, 'base-pretrain'), '--run', '.', '--metric', 'train/loss', '--json']],
    ['compare', ['compare', path.join(demo, 'evals'), '--baseline', 'llama-3-8b-base', '--json']],
    ['diagnose', ['diagnose', path.join(demo, 'megatron-crash-resume'), '--json']],
    ['audit', ['audit', path.join(demo, 'audit'), '--json']],
  ])('%s', async (_name, args) => {
    const r = await traced([bin, ...args]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
    expectNoNetwork(r);
  }, 120_000);

  it.runIf(chromium !== null)(
    'report --out x.pdf: the headless Chromium is started with the no-network flags and nothing leaves',
    async () => {
      // A stand-in Chromium that writes down its arguments and runs the real one.
      const argsFile = path.join(work.dir, 'chromium-args.txt');
      const wrapper = path.join(work.dir, 'chromium-wrapper.sh');
      await writeFile(wrapper, `#!/bin/sh\nprintf '%s\\n' "$@" >> '${argsFile}'\nexec '${chromium ?? ''}' "$@"\n`);
      await chmod(wrapper, 0o755);
      const out = path.join(work.dir, 'report.pdf');
      const r = await traced([bin, 'report', demo, '--out', out], { env: { CHROMIUM_PATH: wrapper }, timeoutMs: 170_000 });
      expect(r.code, r.stderr).toBe(0);
      expect((await readFile(out)).subarray(0, 5).toString()).toBe('%PDF-');
      expectNoNetwork(r);
      // Chromium was traced: its connections to the app's own server are in the log.
      if (r.strace) expect(r.strace.loopbackConnects).toBeGreaterThan(0);
      const args = (await readFile(argsFile, 'utf8')).split('\n');
      for (const flag of [...CHROMIUM_ARGS, '--disable-background-networking', '--disable-component-update', '--no-pings', '--disable-domain-reliability', '--disable-sync', BLOCK_NAME_RESOLUTION]) expect(args).toContain(flag);
    },
    180_000,
  );
});

describe('runlens serve makes no outbound connection', () => {
  it.runIf(chromium !== null)(
    'page, assets, API, event stream, and a report exported as HTML, PDF and Parquet',
    async () => {
      let html = '';
      let pdfBytes = 0;
      let parquet = '';
      const r = await traced([bin, 'serve', '--no-open', '--port', '0', '--workspace', path.join(work.dir, 'ws'), demo], {
        timeoutMs: 170_000,
        whileRunning: async (stdout) => {
          let url: URL | null = null;
          for (let i = 0; i < 600 && url === null; i++) {
            const m = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(stdout());
            if (m?.[1]) url = new URL(m[1]);
            else await new Promise((res) => setTimeout(res, 100));
          }
          if (url === null) throw new Error('serve did not start');
          const port = Number(url.port);
          const token = url.searchParams.get('token') ?? '';
          const get = (p: string) => call(port, 'GET', p, {});
          const rpc = async <T>(channel: string, body: unknown): Promise<T> => {
            const res = await call(port, 'POST', `/api/rpc/${encodeURIComponent(channel)}`, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, JSON.stringify(body));
            const parsed = JSON.parse(res.body) as { ok: boolean; value: T; error?: unknown };
            if (!parsed.ok) throw new Error(`${channel}: ${JSON.stringify(parsed.error)}`);
            return parsed.value;
          };
          const page = await get('/');
          expect(page.status).toBe(200);
          for (const asset of page.body.matchAll(/(?:src|href)="\/?(assets\/[^"]+)"/g)) expect((await get(`/${asset[1] ?? ''}`)).status).toBe(200);
          expect((await get(`/api/events?token=${token}`)).body).toContain(': connected');
          let runs: RunSummary[] = [];
          for (let i = 0; i < 600 && runs.length < 10; i++) {
            runs = await rpc<RunSummary[]>('library:list-runs', {});
            if (runs.length < 10) await new Promise((res) => setTimeout(res, 100));
          }
          expect(runs.length).toBeGreaterThanOrEqual(10);
          const ids = runs.map((x) => x.id);
          await rpc('library:list-metrics', { runIds: ids });
          await rpc('analysis:findings', { runIds: ids.slice(0, 200) });
          await rpc('diagnosis:runs', { runIds: ids.slice(0, 200) });
          const spec = newReport('no-network', { selectedRuns: runs, pinnedMetrics: [], smoothing: TENSORBOARD_DEFAULT, x: STEP_X, compareBaseline: null, sweepMetric: null }, '2025-01-01', Date.now());
          await rpc('report:save', spec);
          html = (await rpc<{ html: string }>('report:export-html', { id: spec.id })).html;
          pdfBytes = (await rpc<{ bytes: number }>('report:export-pdf', { id: spec.id })).bytes;
          // DuckDB writes Parquet with its built-in extension: no extension is fetched on first use.
          parquet = (await rpc<{ base64: string }>('report:export-data', { id: spec.id, format: 'parquet' })).base64;
        },
      });
      expect(r.stderr).toBe('');
      expect(html).toMatch(/<svg[\s>]/);
      expect(pdfBytes).toBeGreaterThan(1000);
      expect(Buffer.from(parquet, 'base64').subarray(0, 4).toString()).toBe('PAR1');
      expect(fetchedExternalUrls(html)).toEqual([]);
      expectNoNetwork(r);
    },
    180_000,
  );
});

describe('the built renderer fetches nothing from elsewhere', () => {
  /**
   * URLs that may appear in the JavaScript bundle because they are names, never fetched (and the served CSP,
   * `default-src 'self'` with no remote source anywhere, would block a fetch of them anyway): XML namespaces for
   * createElementNS, JSON Schema `$schema` identifiers (zod), React's error-decoder link in its messages.
   */
  const NAMES_NOT_FETCHED = [/^http:\/\/www\.w3\.org\/(?:1999\/xlink|2000\/svg|XML\/1998\/namespace|1998\/Math\/MathML|2000\/xmlns\/|1999\/xhtml)$/, /^https?:\/\/json-schema\.org\/draft[-/][\w/-]+\/schema#?$/, /^https:\/\/react\.dev\/errors\/$/];

  it('HTML and CSS load no remote font, style, script or image; JavaScript names only known non-fetched URLs', async () => {
    const dir = path.join(repoRoot, 'dist', 'renderer');
    const files = (await readdir(dir, { recursive: true })).map((f) => path.join(dir, f));
    const text = async (ext: string) => Promise.all(files.filter((f) => f.endsWith(ext)).map(async (f) => ({ f, body: await readFile(f, 'utf8') })));
    const [htmls, csses, jses] = await Promise.all([text('.html'), text('.css'), text('.js')]);
    expect(htmls.length).toBe(1);
    expect(jses.length).toBeGreaterThan(0);
    for (const { f, body } of [...htmls, ...csses]) {
      expect([f, fetchedExternalUrls(body)]).toEqual([f, []]);
      expect([f, body.match(/https?:\/\//g) ?? []]).toEqual([f, []]);
    }
    // Fonts are the system's or bundled: every @font-face source is a local file or data.
    for (const { body } of csses) for (const m of body.matchAll(/@font-face\s*{[^}]*}/g)) expect(m[0]).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//);
    const urls = new Set(jses.flatMap(({ body }) => body.match(/https?:\/\/[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+/g) ?? []));
    const unexplained = [...urls].filter((u) => !NAMES_NOT_FETCHED.some((re) => re.test(u)));
    // A new URL here: check whether the app fetches it (it must not) and, if it is only a name, list it above with why.
    expect(unexplained).toEqual([]);
  });
});

function call(port: number, method: string, p: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: p, headers }, (res) => {
      const chunks: Buffer[] = [];
      const isStream = String(res.headers['content-type']).startsWith('text/event-stream');
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        if (isStream) res.destroy();
      });
      const done = () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      res.on('end', done);
      res.on('close', done);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
