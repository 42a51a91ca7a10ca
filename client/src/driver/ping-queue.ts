import type { PingInput } from '@dockwatch/shared';

/** Most positions kept while offline: about 14 h at one fix every 10 s. */
export const MAX_QUEUED_PINGS = 5_000;

/** Positions not yet accepted by the server, kept in the browser's storage so a reload or a dead zone loses none. */
export class PingQueue {
  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'>,
    private readonly key: string,
    private readonly max = MAX_QUEUED_PINGS,
  ) {}

  all(): PingInput[] {
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(this.key) ?? '[]');
      return Array.isArray(parsed) ? (parsed as PingInput[]) : [];
    } catch {
      return [];
    }
  }

  get size(): number {
    return this.all().length;
  }

  /** Adds a position; past the cap the oldest go first (the newest matter most for an ETA). */
  push(ping: PingInput): void {
    const pings = [...this.all(), ping];
    this.storage.setItem(this.key, JSON.stringify(pings.slice(Math.max(0, pings.length - this.max))));
  }

  /** The oldest `n` positions, to send as one batch. */
  head(n: number): PingInput[] {
    return this.all().slice(0, n);
  }

  /** Removes positions the server accepted (by timestamp: new ones may have come in meanwhile). */
  remove(sent: readonly PingInput[]): void {
    const done = new Set(sent.map((p) => p.ts));
    this.storage.setItem(this.key, JSON.stringify(this.all().filter((p) => !done.has(p.ts))));
  }
}

/** A browser position as a ping; values the API cannot take (unknown, out of range) are left out. */
export function pingFromPosition(position: { timestamp: number; coords: { latitude: number; longitude: number; accuracy: number; speed: number | null; heading: number | null } }): PingInput {
  const { latitude, longitude, accuracy, speed, heading } = position.coords;
  const ping: PingInput = { ts: new Date(position.timestamp).toISOString(), lat: latitude, lon: longitude };
  if (Number.isFinite(accuracy) && accuracy >= 0 && accuracy <= 100_000) ping.accuracy = accuracy;
  if (speed !== null && Number.isFinite(speed) && speed >= 0 && speed <= 150) ping.speed = speed;
  if (heading !== null && Number.isFinite(heading) && heading >= 0 && heading <= 360) ping.heading = heading;
  return ping;
}
