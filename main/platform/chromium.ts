import { existsSync } from 'node:fs';

/** Where a Chromium may be: `CHROMIUM_PATH` first, then Debian's and Chrome's usual places; null when none is. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
  return candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c)) ?? null;
}

/**
 * No name but our own loopback one resolves: whatever Chromium or a page might try to reach by name fails before a
 * packet leaves the machine. The app itself is always 127.0.0.1 (an address, not a name).
 */
export const BLOCK_NAME_RESOLUTION = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost';

/**
 * Flags for the headless Chromium that prints reports (and the tests' browser): off the network (RunLens is offline,
 * see docs/security.md) and quiet. Playwright adds its own set (background networking, component updates, sync…);
 * these are repeated so the guarantee does not rest on another package's defaults.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--no-default-browser-check',
  // No background traffic: component/extension updates, sync, field trials, metrics, crash uploads.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-sync',
  '--disable-field-trial-config',
  '--metrics-recording-only',
  '--disable-breakpad',
  '--disable-crash-reporter',
  // No network reporting or probing: domain reliability beacons, hyperlink auditing pings, phishing model downloads.
  '--disable-domain-reliability',
  '--no-pings',
  '--disable-client-side-phishing-detection',
  '--disable-quic',
  BLOCK_NAME_RESOLUTION,
];
