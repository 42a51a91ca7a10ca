import { Type, type Static } from '@sinclair/typebox';
import { Id, IsoDateTime } from './common';
import { LineItem } from './shipments';

/**
 * What a site lets its suppliers announce themselves (advance shipping notices): which
 * suppliers (named one by one: none, the default, means the plant enters every load itself),
 * to which docks (none named: any dock, or none), and how far ahead the window may start.
 */
export const AsnRulesPut = Type.Object(
  {
    suppliers: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 500, uniqueItems: true, description: 'Suppliers (by name, as on shipments) that may announce loads; empty: none.' }),
    docks: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 200, uniqueItems: true, description: 'Docks a supplier may choose; empty: any dock of the site, or none.' }),
    minLeadMinutes: Type.Integer({ minimum: 0, maximum: 7 * 24 * 60, description: 'The window starts at least this long after the notice.' }),
    maxDaysAhead: Type.Integer({ minimum: 1, maximum: 90, description: 'The window starts at most this many days after the notice.' }),
  },
  { additionalProperties: false },
);
export type AsnRulesPut = Static<typeof AsnRulesPut>;

export const AsnRules = Type.Composite([Type.Object({ siteId: Id, updatedAt: Type.Union([IsoDateTime, Type.Null()]) }), AsnRulesPut], { title: 'AsnRules' });
export type AsnRules = Static<typeof AsnRules>;

/** The rules when a site has set none: no supplier announces loads. */
export const DEFAULT_ASN_RULES: AsnRulesPut = { suppliers: [], docks: [], minLeadMinutes: 60, maxDaysAhead: 14 };

/** A site a supplier may announce loads to, with what it allows and the carriers that serve it. */
export const SupplierAsnSite = Type.Object({
  siteId: Id,
  siteName: Type.String(),
  timeZone: Type.String(),
  docks: Type.Array(Type.String()),
  minLeadMinutes: Type.Integer(),
  maxDaysAhead: Type.Integer(),
  carriers: Type.Array(Type.Object({ id: Id, name: Type.String() }), { description: 'Carriers with loads at the site, to choose from.' }),
});
export type SupplierAsnSite = Static<typeof SupplierAsnSite>;
export const SupplierAsnSites = Type.Object({ supplier: Type.String(), sites: Type.Array(SupplierAsnSite) });
export type SupplierAsnSites = Static<typeof SupplierAsnSites>;

/** A supplier's advance shipping notice: a shipment of its own (the supplier is the caller's). */
export const SupplierShipmentCreate = Type.Object(
  {
    reference: Type.String({ minLength: 1, maxLength: 100, description: 'ASN or delivery number; unique per site.' }),
    siteId: Id,
    carrierId: Id,
    windowStart: IsoDateTime,
    windowEnd: IsoDateTime,
    dock: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    items: Type.Array(LineItem, { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type SupplierShipmentCreate = Static<typeof SupplierShipmentCreate>;

/** Why a notice breaks the site's rules (null: it keeps them). Pure, so the portal's form says it before sending. */
export function asnRuleProblem(rules: Pick<AsnRulesPut, 'docks' | 'minLeadMinutes' | 'maxDaysAhead'>, notice: { windowStart: string; dock?: string | undefined }, now: number): { code: string; message: string } | null {
  if (rules.docks.length > 0 && (notice.dock === undefined || !rules.docks.includes(notice.dock))) {
    return { code: 'dock_not_allowed', message: `dock must be one of ${rules.docks.join(', ')}` };
  }
  const start = Date.parse(notice.windowStart);
  if (start < now + rules.minLeadMinutes * 60_000) return { code: 'window_too_soon', message: `the window must start at least ${rules.minLeadMinutes} minutes from now` };
  if (start > now + rules.maxDaysAhead * 86_400_000) return { code: 'window_too_far', message: `the window must start within ${rules.maxDaysAhead} days from now` };
  return null;
}
