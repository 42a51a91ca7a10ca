import type { ShipmentMessage } from '@dockwatch/shared';

/** Adds messages to a load's thread once each, kept oldest first. */
export function mergeMessages(current: readonly ShipmentMessage[], incoming: readonly ShipmentMessage[]): ShipmentMessage[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}
