import { Type, type Static } from '@sinclair/typebox';

/** A string enum typed as the union of its values. */
export const stringEnum = <const T extends readonly string[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });

export const Id = Type.String({ format: 'uuid', description: 'Resource id (UUID).' });
export const IsoDateTime = Type.String({ format: 'date-time', description: 'UTC ISO-8601 timestamp.' });
export const Latitude = Type.Number({ minimum: -90, maximum: 90, description: 'Degrees, WGS84.' });
export const Longitude = Type.Number({ minimum: -180, maximum: 180, description: 'Degrees, WGS84.' });

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;

/** Every 4xx/5xx answer has this shape. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code, e.g. `validation_failed`.' }),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { title: 'Error' },
);
export type ErrorBody = Static<typeof ErrorBody>;
