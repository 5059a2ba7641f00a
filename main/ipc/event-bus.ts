import type { EventName, EventPayload } from '../../shared/ipc/events';

export type BusListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Host-side fan-out of events to every adapter (Electron windows, SSE clients, CLI progress). */
export class EventBus {
  private readonly listeners = new Set<BusListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch {
        // One broken subscriber (a closed socket, a destroyed window) must not stop the others.
      }
    }
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
