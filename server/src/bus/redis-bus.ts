import type { DomainEvent } from '@dockwatch/shared';
import type { Redis } from 'ioredis';
import { BUS_CHANNEL, type Bus, type BusListener } from './bus';

export interface RedisBusOptions {
  /** Client used to publish; should have its offline queue disabled so publishes fail fast. */
  publisher: Redis;
  /** Client dedicated to subscribing (a subscribed ioredis client can do nothing else). */
  subscriber: Redis;
  /** Default `BUS_CHANNEL`. */
  channel?: string;
  onError?: (error: unknown) => void;
}

/** Redis pub/sub bus: every instance subscribed to the channel sees every event. */
export class RedisBus implements Bus {
  readonly kind = 'redis';
  readonly #listeners = new Set<BusListener>();
  readonly #channel: string;

  private constructor(private readonly options: RedisBusOptions) {
    this.#channel = options.channel ?? BUS_CHANNEL;
  }

  static async create(options: RedisBusOptions): Promise<RedisBus> {
    const bus = new RedisBus(options);
    options.subscriber.on('message', (channel: string, message: string) => {
      if (channel === bus.#channel) bus.#dispatch(message);
    });
    // ioredis re-subscribes by itself after a reconnect.
    await options.subscriber.subscribe(bus.#channel);
    return bus;
  }

  #dispatch(message: string): void {
    let events: unknown;
    try {
      events = JSON.parse(message);
    } catch (error) {
      this.options.onError?.(error);
      return;
    }
    if (!Array.isArray(events)) {
      this.options.onError?.(new Error(`bus message is not a list of events: ${message.slice(0, 80)}`));
      return;
    }
    for (const listener of this.#listeners) listener(events as DomainEvent[]);
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    await this.options.publisher.publish(this.#channel, JSON.stringify(events));
  }

  subscribe(listener: BusListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async ping(): Promise<void> {
    await this.options.publisher.ping();
  }

  /** Stops dispatching. The subscription ends with the subscriber's connection, which its owner closes. */
  async close(): Promise<void> {
    this.#listeners.clear();
  }
}
