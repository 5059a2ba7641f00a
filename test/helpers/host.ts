import type { Host } from '../../main/host';
import { createHost } from '../../main/host';
import { dispatch } from '../../main/ipc/dispatch';
import type { Importer } from '../../shared/importers/importer';
import type { Channel, Req, Res } from '../../shared/ipc/contract';

/** Calls a handler through the same dispatch path as the adapters and unwraps the envelope. */
export async function call<C extends Channel>(host: Host, channel: C, req: Req<C>): Promise<Res<C>> {
  const r = await dispatch(host.handlers, channel, req, { mode: 'cli' });
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code}: ${r.error.message}`);
  return r.value as Res<C>;
}

export async function openHost(workspaceDir: string, importers?: readonly Importer[]): Promise<Host> {
  return createHost({ workspaceDir, mode: 'web', appVersion: 'test', ...(importers ? { importers } : {}) });
}
