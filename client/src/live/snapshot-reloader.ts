import { retryDelayMs } from './retry';

export interface SnapshotReloaderOptions {
  /** Source of the retry jitter; default `Math.random`. */
  random?: () => number;
}

/**
 * Runs a view's snapshot reload one at a time: asked again while one runs, it reloads once more
 * afterwards; a reload that did not land is tried again with backoff (0.5 s doubling to 5 s)
 * until one does. A resync can come while the database is still away (Redis came back first),
 * and nothing else would ask again on a quiet site.
 */
export class SnapshotReloader {
  #running: Promise<void> | null = null;
  #again = false;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped by `cancel`, so a reload running at the time does not schedule a retry. */
  #generation = 0;
  readonly #random: () => number;

  constructor(
    /** Loads and applies the snapshot; resolves false (or rejects) when it failed and should be tried again. */
    private readonly load: () => Promise<boolean>,
    options: SnapshotReloaderOptions = {},
  ) {
    this.#random = options.random ?? Math.random;
  }

  /** A reload is in flight: live changes are held until it lands. */
  get busy(): boolean {
    return this.#running !== null;
  }

  /** Reloads now, or once more after the running reload; resolves when this round ends. */
  request(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#cancelRetry();
    const generation = this.#generation;
    this.#running = (async () => {
      let landed = false;
      try {
        landed = await this.load();
      } catch {
        landed = false;
      } finally {
        this.#running = null;
      }
      if (this.#again) {
        this.#again = false;
        void this.request();
      } else if (landed || generation !== this.#generation) {
        this.#failures = 0;
      } else {
        this.#failures++;
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = null;
          void this.request();
        }, retryDelayMs(this.#failures, this.#random));
      }
    })();
    return this.#running;
  }

  /** Forgets a pending retry (another site, the page closing). */
  cancel(): void {
    this.#generation++;
    this.#cancelRetry();
    this.#failures = 0;
  }

  #cancelRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }
}
