import type { DeviceRecord } from '../repositories/carriers';

export interface DeviceTokenCacheOptions {
  /** How long a looked-up device is trusted without asking the database again, in ms; 0 turns the cache off. */
  ttlMs: number;
  /** Most devices held; the oldest lookup goes first. Default 100,000. */
  maxEntries?: number;
  /** Injectable clock for tests. Default `Date.now`. */
  now?: () => number;
}

/**
 * Live devices by token hash, so a device's report skips the token lookup. A rotate or revoke
 * drops the device here and, through the bus, on every other instance; the TTL bounds how long
 * a lost invalidation can matter. Unknown and revoked tokens are never held.
 */
export class DeviceTokenCache {
  readonly #entries = new Map<string, { device: DeviceRecord; expiresAt: number }>();
  readonly #hashesOf = new Map<string, Set<string>>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: DeviceTokenCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Whether any token of the device is held. */
  holds(deviceId: string): boolean {
    return this.#hashesOf.has(deviceId);
  }

  /** The live device behind a token hash, or undefined when not held (or held too long). */
  get(tokenHash: string): DeviceRecord | undefined {
    const entry = this.#entries.get(tokenHash);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#remove(tokenHash, entry.device.id);
      return undefined;
    }
    return entry.device;
  }

  set(tokenHash: string, device: DeviceRecord): void {
    if (this.#ttlMs <= 0 || device.revokedAt !== null) return;
    this.#remove(tokenHash, device.id);
    while (this.#entries.size >= this.#maxEntries) {
      const [oldest, entry] = this.#entries.entries().next().value!;
      this.#remove(oldest, entry.device.id);
    }
    this.#entries.set(tokenHash, { device, expiresAt: this.#now() + this.#ttlMs });
    let hashes = this.#hashesOf.get(device.id);
    if (!hashes) this.#hashesOf.set(device.id, (hashes = new Set()));
    hashes.add(tokenHash);
  }

  /** Forgets every token of a device (its token was rotated, or it was revoked). */
  invalidateDevice(deviceId: string): void {
    for (const hash of this.#hashesOf.get(deviceId) ?? []) this.#entries.delete(hash);
    this.#hashesOf.delete(deviceId);
  }

  /** Forgets everything: invalidations may have been lost on the way. */
  clear(): void {
    this.#entries.clear();
    this.#hashesOf.clear();
  }

  #remove(tokenHash: string, deviceId: string): void {
    if (!this.#entries.delete(tokenHash)) return;
    const hashes = this.#hashesOf.get(deviceId);
    hashes?.delete(tokenHash);
    if (hashes?.size === 0) this.#hashesOf.delete(deviceId);
  }
}

/** The bus identity a device's invalidation travels under (`access:revoked`). */
export const deviceIdentity = (deviceId: string): string => `device:${deviceId}`;
