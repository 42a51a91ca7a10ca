import { Type, type Static } from '@sinclair/typebox';
import { Id, IsoDateTime, stringEnum } from './common';

export const ROLES = ['admin', 'planner', 'clerk', 'viewer', 'carrier', 'supplier'] as const;
export type Role = (typeof ROLES)[number];
/** Roles that see a partner portal of their own shipments rather than a site's board. */
export const PARTNER_ROLES: readonly Role[] = ['carrier', 'supplier'];

export const RoleSchema = stringEnum(ROLES, 'What the identity may do; carrier and supplier see only their own shipments.');

const Email = Type.String({ format: 'email', maxLength: 254 });
const Password = Type.String({ minLength: 10, maxLength: 200, description: 'At least 10 characters.' });

/** A role and what it is bound to. */
const Binding = {
  role: RoleSchema,
  carrierId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'Required for the carrier role.' })),
  supplier: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], { description: 'Supplier name; required for the supplier role.' })),
  siteIds: Type.Optional(
    Type.Union([Type.Array(Id, { minItems: 1, maxItems: 200, uniqueItems: true }), Type.Null()], {
      description: 'Sites in scope; required for clerks, optional for planners and viewers (absent: every site).',
    }),
  ),
};

export const Scope = Type.Object({
  role: RoleSchema,
  carrierId: Type.Union([Id, Type.Null()]),
  supplier: Type.Union([Type.String(), Type.Null()]),
  siteIds: Type.Union([Type.Array(Id), Type.Null()]),
});
export type Scope = Static<typeof Scope>;

export const User = Type.Object(
  {
    id: Id,
    email: Type.String(),
    ...Scope.properties,
    disabled: Type.Boolean(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  },
  { title: 'User' },
);
export type User = Static<typeof User>;
export const UserList = Type.Object({ users: Type.Array(User) });

export const UserCreate = Type.Object({ email: Email, password: Password, ...Binding }, { additionalProperties: false });
export type UserCreate = Static<typeof UserCreate>;

export const UserPatch = Type.Object(
  {
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
    role: Type.Optional(RoleSchema),
    carrierId: Binding.carrierId,
    supplier: Binding.supplier,
    siteIds: Binding.siteIds,
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UserPatch = Static<typeof UserPatch>;

export const LoginBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export type LoginBody = Static<typeof LoginBody>;

export const PasswordChange = Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Password }, { additionalProperties: false });
export type PasswordChange = Static<typeof PasswordChange>;

/** Who the caller is. */
export const Me = Type.Object({
  kind: stringEnum(['bootstrap', 'user', 'token'] as const, 'How the caller signed in.'),
  id: Type.Union([Id, Type.Null()]),
  name: Type.String({ description: 'Email, token name or "bootstrap admin".' }),
  ...Scope.properties,
});
export type Me = Static<typeof Me>;

export const ApiToken = Type.Object(
  {
    id: Id,
    name: Type.String(),
    ...Scope.properties,
    expiresAt: Type.Union([IsoDateTime, Type.Null()]),
    revokedAt: Type.Union([IsoDateTime, Type.Null()]),
    lastUsedAt: Type.Union([IsoDateTime, Type.Null()]),
    createdBy: Type.String(),
    createdAt: IsoDateTime,
  },
  { title: 'ApiToken' },
);
export type ApiToken = Static<typeof ApiToken>;
export const ApiTokenList = Type.Object({ tokens: Type.Array(ApiToken) });

export const ApiTokenCreate = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), ...Binding, expiresAt: Type.Optional(IsoDateTime) },
  { additionalProperties: false },
);
export type ApiTokenCreate = Static<typeof ApiTokenCreate>;

export const ApiTokenCreated = Type.Object({ ...ApiToken.properties, token: Type.String({ description: 'Shown only in this answer.' }) });
export type ApiTokenCreated = Static<typeof ApiTokenCreated>;

export const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: IsoDateTime,
    actor: Type.String({ description: 'user:<id>, token:<id>, device:<id> or bootstrap.' }),
    action: Type.String(),
    resourceType: Type.Union([Type.String(), Type.Null()]),
    resourceId: Type.Union([Type.String(), Type.Null()]),
    outcome: stringEnum(['allowed', 'denied'] as const, 'Refused attempts are logged too.'),
    ip: Type.Union([Type.String(), Type.Null()]),
    details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  },
  { title: 'AuditEntry' },
);
export type AuditEntry = Static<typeof AuditEntry>;
export const AuditList = Type.Object({ entries: Type.Array(AuditEntry) });

export const AuditQuery = Type.Object(
  {
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    outcome: Type.Optional(stringEnum(['allowed', 'denied'] as const, 'Only allowed or only refused.')),
    resourceId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    since: Type.Optional(IsoDateTime),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;
