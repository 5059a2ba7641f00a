import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CheckpointConfigEntry } from '../../shared/domain/review';
import type { ConfigScalar } from '../../shared/domain/run-config';
import { flattenConfig } from '../../shared/util/flatten';
import { formatBytes } from '../../shared/util/bytes';
import { originOf, readSideFile, stateConfig } from '../importers/hf-trainer/config';
import { readJsonFile } from '../importers/hf-trainer/json-file';

/**
 * A checkpoint folder's own config (issue 8 §1), for reviewing checkpoints side by side: what the folder's JSON files
 * say, under the same keys and origins as the run's config (hf-trainer importer), so a checkpoint column lines up with
 * a whole-run column. Binary files (pickles, weights) are listed as present with their size and never opened.
 */

/** JSON files of a checkpoint worth diffing, besides the importer's side files; tokenizer and chat-template settings matter for template traps. */
const EXTRA_JSON: Readonly<Record<string, string>> = {
  'generation_config.json': 'generation_config',
  'tokenizer_config.json': 'tokenizer_config',
  'special_tokens_map.json': 'special_tokens_map',
  'preprocessor_config.json': 'preprocessor_config',
};
/** Larger JSON is not parsed (a tokenizer.json vocabulary is megabytes and is not a setting). */
const MAX_JSON_BYTES = 4 * 1024 * 1024;
const FILES_ORIGIN = 'files';

/** Readable, and exact: two saves that differ by a few bytes must not read the same. */
const sizeText = (n: number): string => (n < 1024 ? formatBytes(n) : `${formatBytes(n)} (${n} B)`);

const entry = (origin: string, key: string, value: ConfigScalar): CheckpointConfigEntry => ({ origin, key, value });

async function jsonMembers(file: string): Promise<Record<string, unknown> | null> {
  const { salvage } = readJsonFile(new Uint8Array(await readFile(file)));
  const v = salvage.value;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** Reads one checkpoint folder (absolute path); unreadable files are skipped, a missing folder throws. */
export async function readCheckpointConfig(dir: string): Promise<CheckpointConfigEntry[]> {
  const out: CheckpointConfigEntry[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) {
      out.push(entry(FILES_ORIGIN, `files.${e.name}/`, 'folder'));
      continue;
    }
    if (!e.isFile()) continue;
    const size = (await stat(file)).size;
    const isJson = e.name.endsWith('.json');
    if (!isJson || size > MAX_JSON_BYTES) {
      // Presence and size only: pickles (training_args.bin, optimizer.pt) can run code when loaded.
      out.push(entry(FILES_ORIGIN, `files.${e.name}`, sizeText(size)));
      continue;
    }
    try {
      if (e.name === 'trainer_state.json') {
        const members = await jsonMembers(file);
        const rec = members ? stateConfig(members as Parameters<typeof stateConfig>[0]) : null;
        for (const [k, v] of Object.entries(rec?.entries ?? {})) out.push(entry('trainer_state', k, v));
        continue;
      }
      const side = originOf(e.name);
      if (side !== null && side !== 'results') {
        const { side: read } = readSideFile(e.name, side, new Uint8Array(await readFile(file)));
        for (const [k, v] of Object.entries(flattenConfig(read.members))) out.push(entry(side, k, v));
        continue;
      }
      const origin = EXTRA_JSON[e.name];
      if (origin !== undefined) {
        const members = await jsonMembers(file);
        for (const [k, v] of Object.entries(flattenConfig(members ?? {}, origin))) out.push(entry(origin, k, v));
        continue;
      }
    } catch {
      // Unreadable: still listed below, by size, so the user sees it is there.
    }
    out.push(entry(FILES_ORIGIN, `files.${e.name}`, sizeText(size)));
  }
  return out;
}
