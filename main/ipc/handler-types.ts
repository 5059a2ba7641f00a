import type { Channel, Req, Res } from '../../shared/ipc/contract';

export interface HandlerContext {
  /** Which adapter the call came through. */
  readonly mode: 'electron' | 'web' | 'cli';
}

export type Handler<C extends Channel> = (req: Req<C>, ctx: HandlerContext) => Promise<Res<C>>;

/** One handler per contract entry: a missing one is a compile error where the object is built. */
export type Handlers = { [C in Channel]: Handler<C> };
