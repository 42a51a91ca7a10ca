import fp from 'fastify-plugin';

/**
 * Runs the tracking sweep on a timer (`ALERT_SWEEP_S`, 0 turns it off): stale ETAs and
 * time-based alerts move even when no ping arrives, stale scorecard rollups are recomputed, and (once a day) partners' tiers. Rounds never overlap on one instance, and
 * an advisory lock keeps instances from sweeping at once.
 */
export default fp(
  async (app) => {
    const intervalMs = app.config.alertSweepMs;
    if (intervalMs <= 0) return;
    let running: Promise<unknown> | null = null;
    const timer = setInterval(() => {
      if (running) return;
      running = app.tracking
        .sweep()
        // Consumption never stops: coverage and shortage alerts move with the clock too.
        .then(() => app.shortages.sweep())
        // Rollup rows a migration left stale, then tiers, which move as loads age out of the 90-day window (once a day).
        .then(() => app.scorecards.refreshStaleDays(new Date(app.clock())))
        .then(() => app.scorecards.sweepTiers(new Date(app.clock())))
        .catch((err: unknown) => app.log.warn({ err }, 'alert sweep failed; next round retries'))
        .finally(() => (running = null));
    }, intervalMs);
    timer.unref();
    // Stale rollup rows are recomputed at start rather than a sweep period later.
    app.addHook('onReady', async () => {
      running = app.scorecards
        .refreshStaleDays(new Date(app.clock()))
        .catch((err: unknown) => app.log.warn({ err }, 'recomputing stale scorecard days failed; the sweep retries'))
        .finally(() => (running = null));
    });
    app.addHook('preClose', async () => {
      clearInterval(timer);
      await running;
    });
  },
  { name: 'alert-sweep', dependencies: ['repositories'] },
);
