import type { Host } from '../../main/host';
import { createHost } from '../../main/host';
import { dispatch } from '../../main/ipc/dispatch';
import type { Importer } from '../../shared/importers/importer';
import type { Channel, Req, Res } from '../../shared/ipc/contract';
import type { ImportDone } from '../../shared/ipc/events';

/** Calls a handler through the same dispatch path as the adapters and unwraps the envelope. */
export async function call<C extends Channel>(host: Host, channel: C, req: Req<C>): Promise<Res<C>> {
  const r = await dispatch(host.handlers, channel, req, { mode: 'cli' });
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code}: ${r.error.message}`);
  return r.value as Res<C>;
}

export async function openHost(workspaceDir: string, importers?: readonly Importer[]): Promise<Host> {
  return createHost({ workspaceDir, mode: 'web', appVersion: 'test', ...(importers ? { importers } : {}) });
}

/** Adds a folder as a source and waits for its first import to finish. */
export async function importFolder(host: Host, folder: string): Promise<ImportDone> {
  let sourceId: string | null = null;
  const seen: ImportDone[] = [];
  let wake: (() => void) | null = null;
  const off = host.bus.subscribe((event, payload) => {
    if (event !== 'import:done') return;
    seen.push(payload as ImportDone);
    wake?.();
  });
  try {
    sourceId = (await call(host, 'library:add-source', { path: folder })).sourceId;
    for (;;) {
      const hit = seen.find((d) => d.sourceId === sourceId);
      if (hit) return hit;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    off();
  }
}
