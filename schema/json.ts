/**
 * A `jsonb` column that reads back exactly what was written (see `contracts/json.ts`).
 *
 * drizzle-orm's own `jsonb()` runs `JSON.parse` again on any string the driver returns, but
 * node-postgres has already parsed the `jsonb` text: a payload that *is* a JSON string such as
 * `"10.5"` would come back as the number 10.5 (`"true"` as true, `"[1]"` as an array). This column
 * type writes `JSON.stringify(value)` and takes the driver's parsed value unchanged.
 */
import { customType } from 'drizzle-orm/pg-core';
import type { Json } from '../contracts/json.ts';

/** `jsonb`, holding a {@link Json} payload exactly. */
export const jsonPayload = customType<{ data: Json; driverData: unknown }>({
  dataType: () => 'jsonb',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => value as Json,
});
