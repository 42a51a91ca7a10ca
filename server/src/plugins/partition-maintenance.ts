import fp from 'fastify-plugin';
import { HISTORY_TABLES, PartitionRepository, type PartitionedTable } from '../repositories/partitions';

declare module 'fastify' {
  interface FastifyInstance {
    /** The history tables' partitions: created ahead, dropped past retention. */
    partitions: PartitionMaintenance;
  }
}

export interface PartitionMaintenance {
  repository: PartitionRepository;
  /** One round: partitions from `now`'s day or month to a little ahead, and retention. */
  maintain(now?: number): Promise<{ created: string[]; dropped: string[] }>;
}

/** How far ahead partitions exist: a missed round or two never sends today's rows to the default partition. */
const AHEAD_MS = { day: 3 * 86_400_000, month: 40 * 86_400_000 } as const;
const EVERY_MS = 3_600_000;

/** Creates the coming partitions of every history table at start and hourly, and drops those past retention. */
export default fp(
  async (app) => {
    const repository = new PartitionRepository(app.db);
    const { pingsMs, historyMs, auditMs } = app.config.retention;
    const retentionOf = (t: PartitionedTable): number => (t === HISTORY_TABLES.pings ? pingsMs : t === HISTORY_TABLES.auditLog ? auditMs : historyMs);
    const maintain = async (now = app.clock()) => {
      const created: string[] = [];
      const dropped: string[] = [];
      for (const t of Object.values(HISTORY_TABLES)) {
        created.push(...(await repository.ensure(t, now, now + AHEAD_MS[t.interval])));
        const keepMs = retentionOf(t);
        if (keepMs > 0) dropped.push(...(await repository.dropBefore(t, now - keepMs)));
      }
      if (created.length > 0 || dropped.length > 0) app.log.info({ created, dropped }, 'history partitions maintained');
      return { created, dropped };
    };
    app.decorate('partitions', { repository, maintain });
    const round = () => maintain().catch((err: unknown) => app.log.warn({ err }, 'partition maintenance failed; next round retries'));
    let timer: NodeJS.Timeout | null = null;
    app.addHook('onReady', async () => {
      await round();
      timer = setInterval(() => void round(), EVERY_MS);
      timer.unref();
    });
    app.addHook('preClose', async () => {
      if (timer) clearInterval(timer);
    });
  },
  { name: 'partition-maintenance', dependencies: ['config', 'database'] },
);
