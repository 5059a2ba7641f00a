import type { ConfigValue, ImportRecord } from '../../../shared/importers/records';
import { decodeUtf8 } from '../../../shared/util/protobuf';
import { flattenConfig } from '../../../shared/util/flatten';
import { parseYamlDocument, yamlToJs } from '../../../shared/util/safe-yaml';

/**
 * Lightning's hparams.yaml. It may hold Python tags (`!!python/name:__main__.fn ''`, `!!python/object:…`) that a safe
 * loader refuses: unknown tags are kept as their plain text instead of failing the whole file.
 */
export function parseHparamsYaml(bytes: Uint8Array): { entries: Record<string, ConfigValue> | null; problem: string | null } {
  try {
    const doc = parseYamlDocument(decodeUtf8(bytes), { strict: false, uniqueKeys: false, logLevel: 'silent' });
    const fatal = doc.errors[0];
    const value: unknown = yamlToJs(doc);
    if (value === null || value === undefined) return { entries: {}, problem: fatal ? `hparams.yaml: ${fatal.message}` : null };
    if (typeof value !== 'object') return { entries: null, problem: 'hparams.yaml does not hold a mapping; ignored.' };
    return { entries: flattenConfig(value), problem: fatal ? `hparams.yaml: ${fatal.message.split('\n')[0]}` : null };
  } catch (err) {
    return { entries: null, problem: `hparams.yaml could not be read: ${(err as Error).message}` };
  }
}

/** The records for one hparams.yaml: its config, and a warning when part of it could not be read. */
export function* hparamsYamlRecords(file: string, bytes: Uint8Array): Generator<ImportRecord> {
  const { entries, problem } = parseHparamsYaml(bytes);
  if (entries) yield { kind: 'config', origin: 'hparams.yaml', entries };
  if (problem) yield { kind: 'warning', file, offset: null, message: problem };
}
