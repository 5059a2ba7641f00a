import { describe, expect, it } from 'vitest';
import { channels } from '../../../shared/ipc/contract';
import { eventNames } from '../../../shared/ipc/events';
import { CHANNEL_NAMES, EVENT_NAMES, isChannelName, isEventNameValue } from '../../../shared/ipc/names';

describe('plain name lists for the preload', () => {
  it('equal the contract exactly', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual([...channels].sort());
    expect([...EVENT_NAMES].sort()).toEqual([...eventNames].sort());
  });
  it('refuse anything else, prototype keys included', () => {
    expect(isChannelName('series:query')).toBe(true);
    for (const bad of ['__proto__', 'constructor', 'toString', 'fs:read', 42, null]) expect(isChannelName(bad)).toBe(false);
    expect(isEventNameValue('import:done')).toBe(true);
    expect(isEventNameValue('hasOwnProperty')).toBe(false);
  });
});
