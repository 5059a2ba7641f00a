import { contract, isChannel } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/result';
import { AppError } from '../../shared/ipc/result';
import type { HandlerContext, Handlers } from './handler-types';

export interface DispatchOptions {
  /** Called with unexpected errors (never sent to the UI). */
  readonly onInternalError?: (channel: string, err: unknown) => void;
}

/**
 * The one path from an adapter to a handler: checks the channel, validates the request with its schema, runs the
 * handler and wraps the answer. Every adapter (Electron IPC, HTTP, CLI) calls this.
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  rawReq: unknown,
  ctx: HandlerContext,
  opts: DispatchOptions = {},
): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) return { ok: false, error: { code: 'not-found', message: `Unknown request '${channel.slice(0, 80)}'.` } };
  const parsed = contract[channel].req.safeParse(rawReq ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: { code: 'invalid-request', message: `Invalid request for ${channel}${where}: ${issue?.message ?? 'bad shape'}` } };
  }
  try {
    // The handler table is keyed by channel; TypeScript cannot correlate the union here, so call through a widened type.
    const handler = handlers[channel] as (req: unknown, ctx: HandlerContext) => Promise<unknown>;
    const value = await handler(parsed.data, ctx);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message } };
    opts.onInternalError?.(channel, err);
    return { ok: false, error: { code: 'internal', message: `RunLens could not complete ${channel}. See the host log for details.` } };
  }
}
