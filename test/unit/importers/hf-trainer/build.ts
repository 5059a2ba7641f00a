import type { DirNode } from '../../../../shared/importers/importer';

/** A DirNode from names: `dir('out', ['trainer_state.json'], [dir('out/checkpoint-2', [...])])`. */
export function dir(relPath: string, files: readonly string[], dirs: readonly DirNode[] = []): DirNode {
  return { relPath, name: relPath.split('/').pop() ?? '', files: files.map((name) => ({ name, size: 1, mtimeMs: 0 })), dirs };
}

/** A trainer_state.json as TrainerState.save_to_json writes it (indent 2, keys sorted), rows given as JSON text. */
export function stateText(fields: Record<string, string | number | null>, rows: readonly string[]): string {
  const all: [string, string][] = Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? JSON.stringify(v) : String(v)]);
  all.push(['log_history', rows.length === 0 ? '[]' : `[\n${rows.map((r) => `    ${r}`).join(',\n')}\n  ]`]);
  all.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return `{\n${all.map(([k, v]) => `  "${k}": ${v}`).join(',\n')}\n}`;
}

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
