/**
 * `npm run bench -- generate --runs N --points M [--out DIR] [--seed S]`: writes a synthetic run library in the real
 * formats (see bench/lib/library-gen.ts) to try the app or the open scenarios on. The same seed writes the same bytes.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generateLibrary } from './lib/library-gen';

function positiveInt(name: string, text: string): number {
  const v = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${name} must be a whole number ≥ 0, got ${text}`);
  return v;
}

export async function generateCommand(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: { runs: { type: 'string', default: '100' }, points: { type: 'string', default: '1000000' }, out: { type: 'string' }, seed: { type: 'string', default: '1' } },
    allowPositionals: false,
  });
  const runs = positiveInt('runs', values.runs);
  const points = positiveInt('points', values.points);
  const seed = positiveInt('seed', values.seed);
  const out = path.resolve(values.out ?? path.join(import.meta.dirname, 'data', `lib-${runs}-${points}`));
  const t0 = performance.now();
  const summary = await generateLibrary(out, { runs, points, seed });
  const seconds = (performance.now() - t0) / 1000;
  const formats = Object.entries(summary.byFormat)
    .map(([f, s]) => `${f} ${s.runs}`)
    .join(', ');
  process.stdout.write(`Wrote ${summary.runs.toLocaleString('en-US')} runs (${formats}), ${summary.points.toLocaleString('en-US')} points, ${summary.files.toLocaleString('en-US')} files, ${(summary.bytes / 2 ** 20).toFixed(1)} MiB to ${out} in ${seconds.toFixed(1)} s (seed ${seed}).\n`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
