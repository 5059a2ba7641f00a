import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/ipc/result';
import { dispatch } from '../../../main/ipc/dispatch';
import type { Handlers } from '../../../main/ipc/handler-types';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const fail = async () => {
    throw new Error('not used');
  };
  return {
    'app:get-info': async () => ({ version: '1', mode: 'web', canPickFolder: false, recentFolders: [], workspaceDir: '/w', notices: [] }),
    'library:list-sources': fail,
    'library:add-source': fail,
    'library:remove-source': fail,
    'library:rescan-source': fail,
    'library:list-runs': fail,
    'library:list-metrics': fail,
    'library:list-warnings': fail,
    'library:list-configs': fail,
    'import:cancel': fail,
    'library:list-ties': fail,
    'library:choose-format': fail,
    'library:get-table-columns': fail,
    'library:set-table-columns': fail,
    'series:query': fail,
    'series:aggregate': fail,
    'analysis:findings': fail,
    'library:check-checkpoints': fail,
    'diagnosis:runs': fail,
    'audit:runs': fail,
    'logs:context': fail,
    'review:checkpoint-config': fail,
    'review:samples': fail,
    'review:sample': fail,
    'compare:evals': fail,
    'compare:robustness': fail,
    'compare:get-settings': fail,
    'compare:set-settings': fail,
    'annotations:list': fail,
    'annotations:save': fail,
    'annotations:delete': fail,
    'annotations:undo': fail,
    'report:list': fail,
    'report:get': fail,
    'report:save': fail,
    'report:delete': fail,
    'report:export-pdf': fail,
    'report:export-html': fail,
    'report:export-data': fail,
    'report:provenance': fail,
    'dialog:pick-folder': fail,
    ...overrides,
  };
}

describe('dispatch', () => {
  it('wraps a handler result in the envelope', async () => {
    const r = await dispatch(handlers(), 'app:get-info', {}, { mode: 'web' });
    expect(r).toEqual({ ok: true, value: { version: '1', mode: 'web', canPickFolder: false, recentFolders: [], workspaceDir: '/w', notices: [] } });
  });

  it('refuses unknown channels without calling anything', async () => {
    const r = await dispatch(handlers(), 'fs:read-any-file', {}, { mode: 'web' });
    expect(r).toEqual({ ok: false, error: { code: 'not-found', message: "Unknown request 'fs:read-any-file'." } });
  });

  it('validates the request before the handler runs', async () => {
    const spy = vi.fn(async () => ({ sourceId: 's', jobId: 'j' }));
    const r = await dispatch(handlers({ 'library:add-source': spy }), 'library:add-source', { path: 42 }, { mode: 'web' });
    expect(spy).not.toHaveBeenCalled();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid-request');
      expect(r.error.message).toContain('at path');
    }
  });

  it('rejects extra fields on strict requests', async () => {
    const r = await dispatch(handlers(), 'app:get-info', { sql: 'DROP TABLE runs' }, { mode: 'web' });
    expect(r.ok).toBe(false);
  });

  it('passes AppError codes through and hides internal errors', async () => {
    const appErr = await dispatch(
      handlers({ 'library:list-sources': async () => { throw new AppError('not-found', 'No folder at /x.'); } }),
      'library:list-sources', {}, { mode: 'web' },
    );
    expect(appErr).toEqual({ ok: false, error: { code: 'not-found', message: 'No folder at /x.' } });
    const onInternalError = vi.fn();
    const internal = await dispatch(
      handlers({ 'library:list-sources': async () => { throw new Error('secret stack /home/user'); } }),
      'library:list-sources', {}, { mode: 'web' }, { onInternalError },
    );
    expect(internal.ok).toBe(false);
    if (!internal.ok) {
      expect(internal.error.code).toBe('internal');
      expect(internal.error.message).not.toContain('secret');
    }
    expect(onInternalError).toHaveBeenCalledOnce();
  });
});
