import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { ListScope } from '../access/policy';
import { shipments } from '../db/schema';

/** The condition on `shipments` that keeps a caller's lists to its loads: its sites, and a partner's own carrier or supplier. */
export function loadsInScope(scope: ListScope): SQL | undefined {
  return and(
    scope.siteIds === null ? undefined : scope.siteIds.length === 0 ? sql`false` : inArray(shipments.siteId, scope.siteIds),
    !scope.partner ? undefined : scope.carrierId !== null ? eq(shipments.carrierId, scope.carrierId) : eq(shipments.supplier, scope.supplier ?? ''),
  );
}
