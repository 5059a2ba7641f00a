// Preloaded into a RunLens process under test (`node --import <this file>`, or NODE_OPTIONS so child Node processes
// get it too): records every attempt to reach a non-loopback address from JavaScript (sockets, TLS, DNS, UDP, HTTP(S),
// fetch) as one JSON line in $RUNLENS_NET_RECORD, and blocks it, so the test both sees the attempt and lets nothing out.
// Plain JavaScript: it must load before anything else in a built (not transpiled-on-the-fly) process.
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIP } from 'node:net';

const require = createRequire(import.meta.url);
// The CommonJS module objects are the ones every caller shares (ESM named imports are live bindings to them).
const net = require('node:net');
const tls = require('node:tls');
const dns = require('node:dns');
const dgram = require('node:dgram');
const http = require('node:http');
const https = require('node:https');

const recordFile = process.env.RUNLENS_NET_RECORD;

/** Loopback or local: nothing leaves the machine. Undefined host means localhost (Node's default). */
export function isLoopback(host) {
  if (host === undefined || host === null || host === '') return true;
  const h = String(host).toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h) || /^0*:0*:0*:0*:0*:0*:0*:0*1$/.test(h);
  return false;
}

function record(kind, target) {
  const line = JSON.stringify({ kind, target: String(target), pid: process.pid, argv: process.argv.slice(1, 3), stack: new Error().stack?.split('\n').slice(2, 8).join('\n') });
  if (recordFile) appendFileSync(recordFile, `${line}\n`);
  else process.stderr.write(`[no-network] ${line}\n`);
}

const blocked = (target) => Object.assign(new Error(`network access blocked by the no-network test hook: ${target}`), { code: 'ENETUNREACH' });

// --- TCP (and everything over it: http, https, tls, undici's fetch) ---------------------------------------------
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  const first = args[0];
  let host;
  let port;
  let isPipe = false;
  if (Array.isArray(first)) {
    // Internal normalized form: [options, cb].
    const o = first[0] ?? {};
    host = o.host;
    port = o.port;
    isPipe = typeof o.path === 'string';
  } else if (first !== null && typeof first === 'object') {
    host = first.host;
    port = first.port;
    isPipe = typeof first.path === 'string';
  } else if (typeof first === 'string' && Number.isNaN(Number(first))) {
    isPipe = true;
  } else {
    port = first;
    host = typeof args[1] === 'string' ? args[1] : undefined;
  }
  if (!isPipe && !isLoopback(host)) {
    const target = `${host}:${port}`;
    record('tcp-connect', target);
    process.nextTick(() => this.destroy(blocked(target)));
    return this;
  }
  return originalConnect.apply(this, args);
};

// --- DNS: any name other than localhost is a lookup that leaves the machine -----------------------------------------
function wrapLookup(owner, name, isPromise) {
  const original = owner[name];
  if (typeof original !== 'function') return;
  owner[name] = function lookup(hostname, ...rest) {
    if (!isLoopback(hostname) && isIP(String(hostname)) === 0) {
      record(`dns-${name}`, hostname);
      const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (blocked by the no-network test hook)`), { code: 'ENOTFOUND', hostname });
      if (isPromise) return Promise.reject(err);
      const cb = rest.find((a) => typeof a === 'function');
      if (cb) process.nextTick(() => cb(err));
      return undefined;
    }
    return original.call(this, hostname, ...rest);
  };
}
for (const fn of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'resolvePtr', 'resolveNaptr', 'resolveSoa', 'reverse']) {
  wrapLookup(dns, fn, false);
  wrapLookup(dns.promises, fn, true);
  wrapLookup(dns.Resolver.prototype, fn, false);
  wrapLookup(dns.promises.Resolver.prototype, fn, true);
}

// --- UDP ------------------------------------------------------------------------------------------------------------
const originalSend = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function send(...args) {
  const addrIndex = args.findIndex((a, i) => i > 0 && typeof a === 'string');
  const address = addrIndex >= 0 ? args[addrIndex] : undefined;
  if (address !== undefined && !isLoopback(address)) {
    record('udp-send', address);
    const cb = args.find((a) => typeof a === 'function');
    if (cb) process.nextTick(() => cb(blocked(address)));
    return undefined;
  }
  return originalSend.apply(this, args);
};
const originalUdpConnect = dgram.Socket.prototype.connect;
dgram.Socket.prototype.connect = function connect(port, address, ...rest) {
  const host = typeof address === 'string' ? address : undefined;
  if (!isLoopback(host)) {
    record('udp-connect', `${host}:${port}`);
    throw blocked(`${host}:${port}`);
  }
  return originalUdpConnect.call(this, port, address, ...rest);
};

// --- The layers above TCP, recorded by what the caller asked for (the socket layer blocks them) --------------------
function hostOf(input) {
  try {
    if (typeof input === 'string' || input instanceof URL) return new URL(String(input)).hostname;
    if (input && typeof input === 'object') return input.hostname ?? input.host?.replace(/:\d+$/, '');
  } catch {
    return String(input);
  }
  return undefined;
}
for (const [mod, label] of [
  [http, 'http'],
  [https, 'https'],
]) {
  for (const fn of ['request', 'get']) {
    const original = mod[fn];
    mod[fn] = function wrapped(...args) {
      const h = hostOf(args[0]);
      if (!isLoopback(h)) record(`${label}-${fn}`, typeof args[0] === 'string' || args[0] instanceof URL ? String(args[0]) : h);
      return original.apply(this, args);
    };
  }
}
const originalTlsConnect = tls.connect;
tls.connect = function connect(...args) {
  // tls.connect(port, host, options) or tls.connect(options): the host argument names the peer, servername only SNI.
  const o = args.find((a) => a && typeof a === 'object');
  const h = typeof args[1] === 'string' ? args[1] : (o?.host ?? o?.servername);
  if (!isLoopback(h)) record('tls-connect', h);
  return originalTlsConnect.apply(this, args);
};
if (typeof globalThis.fetch === 'function') {
  const originalFetch = globalThis.fetch;
  globalThis.fetch = function fetch(input, init) {
    const url = typeof input === 'string' || input instanceof URL ? String(input) : input?.url;
    let h;
    try {
      h = new URL(url).hostname;
    } catch {
      h = undefined;
    }
    if (!isLoopback(h)) {
      record('fetch', url);
      return Promise.reject(new TypeError(`fetch failed: ${url} (blocked by the no-network test hook)`));
    }
    return originalFetch.call(this, input, init);
  };
}

if (process.env.RUNLENS_NET_HOOK_SELFTEST === '1') record('selftest', 'hook loaded');
