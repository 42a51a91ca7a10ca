import type { DomainEvent, FeedInterruptedPayload } from '@dockwatch/shared';

/** Receives the changes of one commit (or one slice of a large commit), in commit order. */
export type BusListener = (events: readonly DomainEvent[]) => void;

/** Told that changes may have been lost on the way, with no version gap to show it. */
export type InterruptionListener = (reason: FeedInterruptedPayload['reason']) => void;

/**
 * Fans committed changes out to every server instance, one message per commit. Delivery is
 * at-most-once: subscribers recover missed events from the database (version gaps), never from
 * the bus.
 */
export interface Bus {
  readonly kind: 'memory' | 'redis';
  publish(events: readonly DomainEvent[]): Promise<void>;
  subscribe(listener: BusListener): () => void;
  /**
   * Called on this instance whenever changes may have been lost: its own subscription came back
   * after a break, or any instance failed to publish and can publish again.
   */
  onInterrupted(listener: InterruptionListener): () => void;
  /** Called when this instance stops receiving the bus (until `onInterrupted` says it is back). */
  onStalled(listener: () => void): () => void;
  /** Whether this instance receives the bus right now. */
  readonly receiving: boolean;
  /** Throws unless the bus can deliver right now. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Bus channel names, kept in one place. The version suffix changes with the message format, so
 * instances of different releases never read each other's messages during a rolling upgrade.
 */
export const BUS_CHANNEL = 'dockwatch:events:v3';

/** One bus message: a commit's changes, or word that some instance dropped changes. */
export type BusMessage = { kind: 'events'; events: DomainEvent[] } | { kind: 'interrupted' };

/** Most events in one bus message: a sweep over thousands of shipments goes out in slices. */
export const MAX_EVENTS_PER_MESSAGE = 500;
