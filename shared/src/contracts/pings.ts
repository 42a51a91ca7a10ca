import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, Latitude, Longitude } from './common';

/** Most pings one request may carry. */
export const MAX_PINGS_PER_BATCH = 1000;

export const PingInput = Type.Object(
  {
    ts: IsoDateTime,
    lat: Latitude,
    lon: Longitude,
    speed: Type.Optional(Type.Number({ minimum: 0, maximum: 150, description: 'm/s' })),
    heading: Type.Optional(Type.Number({ minimum: 0, maximum: 360, description: 'degrees from north' })),
    accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000, description: 'metres' })),
  },
  { additionalProperties: false },
);
export type PingInput = Static<typeof PingInput>;

export const PingBatch = Type.Object(
  { pings: Type.Array(PingInput, { minItems: 1, maxItems: MAX_PINGS_PER_BATCH }) },
  { additionalProperties: false },
);
export type PingBatch = Static<typeof PingBatch>;

export type IngestBody = PingInput | PingBatch;
/**
 * One ping, or a batch when `pings` is present. `if/then/else` rather than `anyOf` so a bad
 * ping gets one precise error instead of one per alternative.
 */
export const IngestBody = Type.Unsafe<IngestBody>({
  type: 'object',
  if: { type: 'object', required: ['pings'] },
  then: PingBatch,
  else: PingInput,
});

export const IngestResult = Type.Object({
  accepted: Type.Integer({ description: 'Pings newly stored.' }),
  duplicates: Type.Integer({ description: 'Pings already stored for this device and timestamp.' }),
});
export type IngestResult = Static<typeof IngestResult>;
