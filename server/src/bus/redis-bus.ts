import type { DomainEvent } from '@dockwatch/shared';
import type { Redis } from 'ioredis';
import { BUS_CHANNEL, type Bus, type BusListener, type BusMessage, type InterruptionListener } from './bus';

export interface RedisBusOptions {
  /** Client used to publish; should have its offline queue disabled so publishes fail fast. */
  publisher: Redis;
  /**
   * Client dedicated to subscribing (a subscribed ioredis client can do nothing else). The bus
   * subscribes on every connection itself, so the client should have `autoResubscribe: false`.
   */
  subscriber: Redis;
  /** Default `BUS_CHANNEL`. */
  channel?: string;
  /** Pause between attempts to tell the other instances that a publish failed. Default 500 ms. */
  retryMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Redis pub/sub bus: every instance subscribed to the channel sees every event. Works without
 * Redis too (from the start or for a while): publishes fail, and once Redis answers again every
 * instance is told that changes were lost, so its clients can resync.
 */
export class RedisBus implements Bus {
  readonly kind = 'redis';
  readonly #listeners = new Set<BusListener>();
  readonly #interruptionListeners = new Set<InterruptionListener>();
  readonly #stallListeners = new Set<() => void>();
  readonly #channel: string;
  readonly #retryMs: number;
  #subscribed = false;
  /** Publishes that failed, and how many of them the other instances have been told of. */
  #failedPublishes = 0;
  #announcedFailures = 0;
  #retryTimer: NodeJS.Timeout | null = null;
  #closed = false;
  readonly #detach: () => void;

  private constructor(private readonly options: RedisBusOptions) {
    this.#channel = options.channel ?? BUS_CHANNEL;
    this.#retryMs = options.retryMs ?? 500;
    const { publisher, subscriber } = options;
    const onMessage = (channel: string, message: string) => {
      if (channel === this.#channel) this.#dispatch(message);
    };
    const onSubscriberReady = () => void this.#subscribe();
    const onSubscriberClose = () => {
      if (!this.#subscribed) return;
      this.#subscribed = false;
      for (const listener of this.#stallListeners) listener();
    };
    const onPublisherReady = () => void this.#announce();
    subscriber.on('message', onMessage);
    subscriber.on('ready', onSubscriberReady);
    subscriber.on('close', onSubscriberClose);
    publisher.on('ready', onPublisherReady);
    this.#detach = () => {
      subscriber.off('message', onMessage);
      subscriber.off('ready', onSubscriberReady);
      subscriber.off('close', onSubscriberClose);
      publisher.off('ready', onPublisherReady);
    };
  }

  /** Never waits for Redis: the subscription is made whenever the subscriber connects. */
  static create(options: RedisBusOptions): RedisBus {
    const bus = new RedisBus(options);
    if (options.subscriber.status === 'ready') void bus.#subscribe();
    return bus;
  }

  /**
   * Subscribes on a fresh connection. Whatever was published while the subscriber was away is
   * gone, so every subscription (the first after a start without Redis, too) tells the
   * listeners to resync; at a normal start nobody is connected yet to hear it.
   */
  async #subscribe(): Promise<void> {
    try {
      await this.options.subscriber.subscribe(this.#channel);
    } catch (error) {
      // The connection broke again; its next 'ready' subscribes.
      this.options.onError?.(error);
      return;
    }
    if (this.#closed) return;
    this.#subscribed = true;
    this.#interrupted('bus_reconnected');
  }

  #interrupted(reason: Parameters<InterruptionListener>[0]): void {
    for (const listener of this.#interruptionListeners) listener(reason);
  }

  #dispatch(raw: string): void {
    let message: BusMessage;
    try {
      message = JSON.parse(raw) as BusMessage;
    } catch (error) {
      this.options.onError?.(error);
      return;
    }
    if (message?.kind === 'events' && Array.isArray(message.events)) {
      for (const listener of this.#listeners) listener(message.events);
    } else if (message?.kind === 'interrupted') {
      this.#interrupted('publish_failed');
    } else {
      this.options.onError?.(new Error(`not a bus message: ${raw.slice(0, 80)}`));
    }
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    try {
      await this.#send({ kind: 'events', events: [...events] });
    } catch (error) {
      this.#failedPublishes++;
      this.#scheduleAnnounce();
      throw error;
    }
  }

  #send(message: BusMessage): Promise<number> {
    return this.options.publisher.publish(this.#channel, JSON.stringify(message));
  }

  #scheduleAnnounce(): void {
    if (this.#retryTimer !== null || this.#closed) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#announce();
    }, this.#retryMs);
    this.#retryTimer.unref();
  }

  /** Tells every instance (this one too) that changes were dropped, until Redis takes the word. */
  async #announce(): Promise<void> {
    const failures = this.#failedPublishes;
    if (failures === this.#announcedFailures || this.#closed) return;
    try {
      await this.#send({ kind: 'interrupted' });
      this.#announcedFailures = Math.max(this.#announcedFailures, failures);
    } catch {
      this.#scheduleAnnounce();
    }
  }

  subscribe(listener: BusListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onInterrupted(listener: InterruptionListener): () => void {
    this.#interruptionListeners.add(listener);
    return () => this.#interruptionListeners.delete(listener);
  }

  onStalled(listener: () => void): () => void {
    this.#stallListeners.add(listener);
    return () => this.#stallListeners.delete(listener);
  }

  get receiving(): boolean {
    return this.#subscribed;
  }

  /** Ready means both directions work: the subscription stands and a publish would go out. */
  async ping(): Promise<void> {
    if (!this.#subscribed) throw new Error('not subscribed to the bus (Redis connection down)');
    await this.options.publisher.ping();
  }

  /** Stops dispatching. The subscription ends with the subscriber's connection, which its owner closes. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#detach();
    this.#listeners.clear();
    this.#interruptionListeners.clear();
    this.#stallListeners.clear();
  }
}
