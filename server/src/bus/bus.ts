import type { DomainEvent } from '@dockwatch/shared';

export type BusListener = (event: DomainEvent) => void;

/**
 * Fans committed changes out to every server instance. Delivery is at-most-once: subscribers
 * recover missed events from the database (version gaps), never from the bus.
 */
export interface Bus {
  readonly kind: 'memory' | 'redis';
  publish(event: DomainEvent): Promise<void>;
  subscribe(listener: BusListener): () => void;
  /** Throws unless the bus can deliver right now. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Bus channel names, kept in one place. */
export const BUS_CHANNEL = 'dockwatch:events';
