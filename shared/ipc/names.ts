import type { Channel } from './contract';
import type { EventName } from './events';

/**
 * The contract's request and event names as plain lists, so the sandboxed preload can allow-list them without
 * bundling zod and every schema. The type checks below fail to compile if a list and the contract drift apart.
 */
export const CHANNEL_NAMES = [
  'app:get-info',
  'library:list-sources',
  'library:add-source',
  'library:remove-source',
  'library:rescan-source',
  'library:list-runs',
  'library:list-metrics',
  'library:list-warnings',
  'library:list-configs',
  'import:cancel',
  'library:list-ties',
  'library:choose-format',
  'library:get-table-columns',
  'library:set-table-columns',
  'series:query',
  'series:aggregate',
  'analysis:findings',
  'library:check-checkpoints',
  'diagnosis:runs',
  'audit:runs',
  'logs:context',
  'review:checkpoint-config',
  'review:samples',
  'review:sample',
  'compare:evals',
  'compare:robustness',
  'compare:get-settings',
  'compare:set-settings',
  'annotations:list',
  'annotations:save',
  'annotations:delete',
  'annotations:undo',
  'report:list',
  'report:get',
  'report:save',
  'report:delete',
  'report:export-pdf',
  'report:export-html',
  'report:export-data',
  'report:provenance',
  'dialog:pick-folder',
] as const satisfies readonly Channel[];

export const EVENT_NAMES = ['import:progress', 'import:done', 'library:changed'] as const satisfies readonly EventName[];

type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : { missing: Exclude<All, Listed> };
export const channelListIsComplete: Missing<Channel, (typeof CHANNEL_NAMES)[number]> = true;
export const eventListIsComplete: Missing<EventName, (typeof EVENT_NAMES)[number]> = true;

const channelSet: ReadonlySet<string> = new Set(CHANNEL_NAMES);
const eventSet: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isChannelName(name: unknown): name is Channel {
  return typeof name === 'string' && channelSet.has(name);
}

export function isEventNameValue(name: unknown): name is EventName {
  return typeof name === 'string' && eventSet.has(name);
}
