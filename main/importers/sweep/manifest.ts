import type { SweepManifest, SweepValue } from '../../../shared/domain/sweep';
import { SweepManifest as ManifestSchema } from '../../../shared/domain/sweep';
import { decodeUtf8 } from '../../../shared/util/protobuf';
import { parseYaml } from '../../../shared/util/safe-yaml';

/** File names of a sweep manifest, in the order they are preferred when several exist. */
export const MANIFEST_NAMES = ['sweep.json', 'sweep.yaml', 'sweep.yml'] as const;

export interface SweepPointSpec {
  readonly alpha: number;
  /** Relative to the sweep folder, posix, no `..`; null for inline values. */
  readonly results: string | null;
  readonly values: readonly SweepValue[];
}

export interface SweepDirectionSpec {
  readonly name: string;
  readonly isControl: boolean;
  readonly points: readonly SweepPointSpec[];
}

export interface SweepSpec {
  readonly manifest: Omit<SweepManifest, 'directions' | 'points'> | null;
  readonly directions: readonly SweepDirectionSpec[];
  readonly problems: readonly string[];
}

/** `a/./b/` → `a/b`; null when it leaves the folder or is absolute (a manifest must not reach outside its sweep). */
export function normaliseRelPath(p: string): string | null {
  const parts: string[] = [];
  // Checked once separators are unified, and again once `.` segments are gone: `\\server\share`, `\c:\x` and
  // `./C:/x` were let through as `server/share` and `C:/x` (found by test/unit/fuzz/sweep.fuzz.test.ts). A leading
  // `C:` is refused even without a separator: on Windows `C:x` is relative to drive C's current folder.
  const posix = p.replace(/\\/g, '/');
  if (posix.startsWith('/') || /^[A-Za-z]:/.test(posix)) return null;
  for (const seg of posix.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return null;
    parts.push(seg);
  }
  if (parts.length === 0 || /^[A-Za-z]:/.test(parts[0] as string)) return null;
  return parts.join('/');
}

type RawPoints = NonNullable<SweepManifest['points']>;

function pointsOf(raw: RawPoints, where: string, problems: string[]): SweepPointSpec[] {
  const list = Array.isArray(raw) ? raw : Object.entries(raw).map(([alpha, results]) => ({ alpha: Number(alpha), results, values: undefined }));
  const out: SweepPointSpec[] = [];
  for (const p of list) {
    let results: string | null = null;
    if (p.results !== undefined) {
      results = normaliseRelPath(p.results);
      if (results === null) {
        problems.push(`${where}: α = ${p.alpha}: the results path "${p.results}" leaves the sweep folder; point skipped.`);
        continue;
      }
    }
    out.push({ alpha: p.alpha, results, values: p.values ?? [] });
  }
  return out.sort((a, b) => a.alpha - b.alpha);
}

/**
 * Reads sweep.json / sweep.yaml. A manifest that does not parse or validate yields no directions and says why; the
 * importer turns `problems` into warnings.
 */
export function readManifest(fileName: string, bytes: Uint8Array): SweepSpec {
  const text = decodeUtf8(bytes);
  let raw: unknown;
  try {
    raw = fileName.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    return { manifest: null, directions: [], problems: [`${fileName} does not parse: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`] };
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return { manifest: null, directions: [], problems: [`${fileName} is not a valid sweep manifest${where}: ${issue?.message ?? 'bad shape'} (see docs/sweep-format.md).`] };
  }
  const { directions, points, direction, ...manifest } = parsed.data;
  const problems: string[] = [];
  const specs: SweepDirectionSpec[] = [];
  for (const d of directions ?? []) specs.push({ name: d.name, isControl: d.control, points: pointsOf(d.points, `direction "${d.name}"`, problems) });
  if (points !== undefined) specs.push({ name: direction ?? 'edit', isControl: false, points: pointsOf(points, 'points', problems) });
  if (specs.length === 0) problems.push(`${fileName} lists no points: give "directions" or "points" (see docs/sweep-format.md).`);
  return { manifest, directions: specs, problems };
}

/** `alpha_0.1`, `alpha=0.1`, `alpha-0.1`, `lambda_0.5`, `scale_2`, `strength=1e-3`: the α of a folder-per-α sweep. */
const ALPHA_DIR = /^(?:alpha|α|lambda|scale|strength)[_=-]([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)$/i;

export function alphaOfDir(name: string): number | null {
  const m = ALPHA_DIR.exec(name);
  if (!m?.[1]) return null;
  const v = Number(m[1]);
  return Number.isFinite(v) ? v : null;
}
