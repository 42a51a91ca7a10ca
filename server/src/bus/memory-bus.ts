import type { DomainEvent } from '@dockwatch/shared';
import type { Bus, BusListener, InterruptionListener } from './bus';

/** The single-instance bus used when no REDIS_URL is set. */
export class MemoryBus implements Bus {
  readonly kind = 'memory';
  readonly #listeners = new Set<BusListener>();

  async publish(events: readonly DomainEvent[]): Promise<void> {
    // Deliver on a later tick, like a real bus: a listener never runs inside the publisher's call.
    setImmediate(() => {
      for (const listener of this.#listeners) listener(events);
    });
  }

  subscribe(listener: BusListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** In-process delivery never breaks. */
  onInterrupted(_listener: InterruptionListener): () => void {
    return () => {};
  }

  readonly receiving = true;

  onStalled(): () => void {
    return () => {};
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.#listeners.clear();
  }
}
