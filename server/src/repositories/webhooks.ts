import type { Alert, DisruptionNotice, TierChange, Webhook, WebhookAttempt, WebhookCreate, WebhookDelivery, WebhookEventType } from '@dockwatch/shared';
import { and, asc, count, desc, eq, inArray, isNull, lte, or } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../db/connect';
import { webhookAttempts, webhookDeliveries, webhooks } from '../db/schema';

type WebhookRow = typeof webhooks.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type DeliveryState = WebhookDelivery['state'];

/** What is posted: the delivery id doubles as the event id receivers dedupe by. */
export interface WebhookBody {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: Alert | TierChange | DisruptionNotice;
}

/** A delivery a worker holds until `lockedUntil`, with what it needs to post it. */
export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  url: string;
  secret: string;
  /** Attempts made before this one. */
  attemptCount: number;
  /** The JSON text to post and sign. */
  payload: string;
  /** The lease this claim holds; the attempt only moves the delivery while it still holds it. */
  lockedUntil: Date;
}

export interface AttemptOutcome {
  /** When the request started. */
  at: Date;
  /** HTTP status, or null when no answer came. */
  status: number | null;
  error: string | null;
  durationMs: number;
  delivered: boolean;
}

export interface RetryPolicy {
  maxAttempts: number;
  /** Wait after the `attempt`-th failed attempt (1-based). */
  delayMs(attempt: number): number;
}

/** The delivery's state after the attempt, or `lost` when another worker took it over meanwhile. */
export type RecordedState = DeliveryState | 'lost';

export type ReplayResult =
  | { outcome: 'replayed'; delivery: WebhookDelivery }
  | { outcome: 'not_found' | 'webhook_disabled' | 'in_flight' };

const toWebhook = (row: WebhookRow): Webhook => ({
  id: row.id,
  siteId: row.siteId,
  url: row.url,
  events: row.events,
  createdAt: row.createdAt.toISOString(),
  disabledAt: row.disabledAt?.toISOString() ?? null,
});

const toAttempt = (row: typeof webhookAttempts.$inferSelect): WebhookAttempt => ({
  at: row.at.toISOString(),
  status: row.status,
  error: row.error,
  durationMs: row.durationMs,
});

const toDelivery = (row: DeliveryRow, attempts: WebhookAttempt[]): WebhookDelivery => ({
  id: row.id,
  webhookId: row.webhookId,
  type: row.type,
  state: row.state,
  attempts,
  nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  deliveredAt: row.deliveredAt?.toISOString() ?? null,
  body: row.body,
});

/** jsonb keeps keys in its own order; post the envelope in the documented one. */
const payloadOf = (body: unknown): string => {
  const { id, type, createdAt, data } = body as WebhookBody;
  return JSON.stringify({ id, type, createdAt, data });
};

/** Webhook subscriptions and their outbox: deliveries and every attempt made at each. */
export class WebhookRepository {
  constructor(private readonly db: Database) {}

  async create(siteId: string, input: WebhookCreate, now: Date): Promise<Webhook> {
    const [row] = await this.db
      .insert(webhooks)
      .values({ id: randomUUID(), siteId, url: input.url, events: input.events, secret: input.secret, createdAt: now })
      .returning();
    return toWebhook(row!);
  }

  async list(siteId: string): Promise<Webhook[]> {
    const rows = await this.db.select().from(webhooks).where(eq(webhooks.siteId, siteId)).orderBy(asc(webhooks.createdAt), asc(webhooks.id));
    return rows.map(toWebhook);
  }

  async get(id: string, tx: Executor = this.db): Promise<Webhook | null> {
    const [row] = await tx.select().from(webhooks).where(eq(webhooks.id, id));
    return row ? toWebhook(row) : null;
  }

  /**
   * Stops a webhook for good; its deliveries and attempts stay as history. Deliveries still
   * waiting for a retry are given up, so nothing sits pending for an endpoint nobody serves.
   * Returns null for an unknown webhook.
   */
  async disable(id: string, now: Date): Promise<Webhook | null> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.update(webhooks).set({ disabledAt: now }).where(and(eq(webhooks.id, id), isNull(webhooks.disabledAt))).returning();
      if (!row) return this.get(id, tx);
      await tx
        .update(webhookDeliveries)
        .set({ state: 'failed', nextAttemptAt: null })
        .where(and(eq(webhookDeliveries.webhookId, id), eq(webhookDeliveries.state, 'pending')));
      return toWebhook(row);
    });
  }

  /**
   * Queues one delivery of `data` per active webhook of the site subscribed to `type`, due at
   * `now`. Call it inside the transaction that makes the change, so the announcement commits
   * (or rolls back) with it. Returns how many deliveries were queued.
   */
  async enqueue(tx: Executor, siteId: string, type: WebhookEventType, data: Alert | TierChange | DisruptionNotice, now: Date): Promise<number> {
    const active = await tx
      .select({ id: webhooks.id, events: webhooks.events })
      .from(webhooks)
      .where(and(eq(webhooks.siteId, siteId), isNull(webhooks.disabledAt)))
      // A disable waits for this transaction and then gives up what it queued; one that
      // committed first is seen here. Either way nothing stays pending for a disabled webhook.
      .for('share');
    // A site has a handful of webhooks: filtering here is simpler than a jsonb query.
    const subscribed = active.filter((w) => w.events.includes(type));
    if (subscribed.length === 0) return 0;
    const createdAt = now.toISOString();
    await tx.insert(webhookDeliveries).values(
      subscribed.map((w) => {
        const id = randomUUID();
        const body: WebhookBody = { id, type, createdAt, data };
        return { id, webhookId: w.id, type, body, state: 'pending' as const, attemptCount: 0, nextAttemptAt: now, createdAt: now };
      }),
    );
    return subscribed.length;
  }

  /**
   * Takes up to `limit` due deliveries of active webhooks for `leaseMs`. Rows another instance
   * is claiming right now are skipped rather than waited for, so each delivery goes to one
   * worker; a claim nobody records (the worker crashed) lapses when the lease ends.
   */
  async claimDue(now: Date, limit: number, leaseMs: number, tx: Executor = this.db): Promise<ClaimedDelivery[]> {
    const lockedUntil = new Date(now.getTime() + leaseMs);
    const due = tx.$with('due').as(
      tx
        .select({ dueId: webhookDeliveries.id, url: webhooks.url, secret: webhooks.secret })
        .from(webhookDeliveries)
        .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
        .where(
          and(
            eq(webhookDeliveries.state, 'pending'),
            lte(webhookDeliveries.nextAttemptAt, now),
            or(isNull(webhookDeliveries.lockedUntil), lte(webhookDeliveries.lockedUntil, now)),
            isNull(webhooks.disabledAt),
          ),
        )
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(limit)
        // Lock the delivery rows only: locking the webhook row too would make other
        // instances skip every delivery of that webhook.
        .for('update', { of: webhookDeliveries, skipLocked: true }),
    );
    const rows = await tx
      .with(due)
      .update(webhookDeliveries)
      .set({ lockedUntil })
      .from(due)
      .where(eq(webhookDeliveries.id, due.dueId))
      .returning({
        id: webhookDeliveries.id,
        webhookId: webhookDeliveries.webhookId,
        url: due.url,
        secret: due.secret,
        attemptCount: webhookDeliveries.attemptCount,
        body: webhookDeliveries.body,
      });
    return rows.map(({ body, ...r }) => ({ ...r, payload: payloadOf(body), lockedUntil }));
  }

  /**
   * Stores the attempt, then marks the delivery delivered, schedules the next attempt, or gives
   * it up (attempts exhausted, or the webhook was disabled meanwhile), releasing the lease.
   */
  async recordAttempt(claim: ClaimedDelivery, outcome: AttemptOutcome, policy: RetryPolicy): Promise<RecordedState> {
    return this.db.transaction(async (tx) => {
      // Every request that went out is history, even one whose claim has lapsed.
      await tx.insert(webhookAttempts).values({
        deliveryId: claim.id,
        at: outcome.at,
        status: outcome.status,
        error: outcome.error,
        durationMs: Math.round(outcome.durationMs),
      });
      // Lock the delivery first, then read the webhook in a statement of its own (a fresh
      // snapshot): a disable committed before the lock shows here, and one still running finds
      // the retry scheduled once this commits and gives it up.
      const [current] = await tx
        .select({ lockedUntil: webhookDeliveries.lockedUntil })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.id, claim.id))
        .for('update');
      // The lease is the fence: a worker whose claim lapsed and was taken over leaves the
      // delivery to the worker that holds it now.
      if (current?.lockedUntil?.getTime() !== claim.lockedUntil.getTime()) return 'lost';
      const attempt = claim.attemptCount + 1;
      const finishedAt = new Date(outcome.at.getTime() + outcome.durationMs);
      let changes: Pick<DeliveryRow, 'state' | 'nextAttemptAt'> & Partial<DeliveryRow>;
      if (outcome.delivered) {
        changes = { state: 'delivered', deliveredAt: finishedAt, nextAttemptAt: null };
      } else if (attempt >= policy.maxAttempts || (await this.#disabled(tx, claim.webhookId))) {
        changes = { state: 'failed', nextAttemptAt: null };
      } else {
        changes = { state: 'pending', nextAttemptAt: new Date(finishedAt.getTime() + policy.delayMs(attempt)) };
      }
      await tx
        .update(webhookDeliveries)
        .set({ ...changes, attemptCount: attempt, lockedUntil: null })
        .where(eq(webhookDeliveries.id, claim.id));
      return changes.state;
    });
  }

  async #disabled(tx: Executor, webhookId: string): Promise<boolean> {
    const [row] = await tx.select({ disabledAt: webhooks.disabledAt }).from(webhooks).where(eq(webhooks.id, webhookId));
    return row?.disabledAt != null;
  }

  /** A webhook's deliveries, newest first, each with its attempts oldest first. */
  async listDeliveries(webhookId: string, query: { state?: DeliveryState; limit: number }): Promise<WebhookDelivery[]> {
    const rows = await this.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.webhookId, webhookId), query.state ? eq(webhookDeliveries.state, query.state) : undefined))
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(query.limit);
    return this.#withAttempts(rows);
  }

  async getDelivery(id: string, tx: Executor = this.db): Promise<WebhookDelivery | null> {
    const rows = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
    const [delivery] = await this.#withAttempts(rows, tx);
    return delivery ?? null;
  }

  async #withAttempts(rows: DeliveryRow[], tx: Executor = this.db): Promise<WebhookDelivery[]> {
    if (rows.length === 0) return [];
    const attempts = await tx
      .select()
      .from(webhookAttempts)
      .where(
        inArray(
          webhookAttempts.deliveryId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(webhookAttempts.at), asc(webhookAttempts.id));
    const byDelivery = new Map<string, WebhookAttempt[]>();
    for (const a of attempts) {
      const list = byDelivery.get(a.deliveryId) ?? [];
      list.push(toAttempt(a));
      byDelivery.set(a.deliveryId, list);
    }
    return rows.map((r) => toDelivery(r, byDelivery.get(r.id) ?? []));
  }

  /**
   * Queues a delivery again, due now, with a fresh set of attempts (the earlier attempts stay in
   * its history). Refused while a worker is posting it or when its webhook is disabled.
   */
  async replay(id: string, now: Date): Promise<ReplayResult> {
    return this.db.transaction(async (tx): Promise<ReplayResult> => {
      const [row] = await tx
        .select({ lockedUntil: webhookDeliveries.lockedUntil, disabledAt: webhooks.disabledAt })
        .from(webhookDeliveries)
        .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
        .where(eq(webhookDeliveries.id, id))
        .for('update', { of: webhookDeliveries });
      if (!row) return { outcome: 'not_found' };
      if (row.disabledAt !== null) return { outcome: 'webhook_disabled' };
      if (row.lockedUntil !== null && row.lockedUntil.getTime() > now.getTime()) return { outcome: 'in_flight' };
      await tx
        .update(webhookDeliveries)
        .set({ state: 'pending', attemptCount: 0, nextAttemptAt: now, lockedUntil: null, deliveredAt: null })
        .where(eq(webhookDeliveries.id, id));
      return { outcome: 'replayed', delivery: (await this.getDelivery(id, tx))! };
    });
  }

  /** Deliveries still to be posted (due now or waiting for a retry). */
  async countPending(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(webhookDeliveries).where(eq(webhookDeliveries.state, 'pending'));
    return Number(row?.n ?? 0);
  }
}
