/**
 * The one column type for JSON payloads (`contracts/json-payload.ts`): SQL type `jsonb`, reading
 * back exactly what was written.
 *
 * drizzle-orm's own `jsonb()` (0.45) runs `JSON.parse` again on any string the driver returns,
 * but node-postgres has already parsed the `jsonb` text: a payload that *is* a JSON string such as
 * `"10.5"` would come back as the number 10.5 (`"true"` as true, `"[1]"` as an array). This
 * column writes `JSON.stringify(value)` and takes the driver's parsed value unchanged.
 *
 * The SQL type is plain `jsonb`, so drizzle-kit sees the same column as `jsonb()` would declare
 * (no migration drift). A nullable column holds SQL NULL for an absent payload; a JSON `null`
 * payload is kept out by each table's `jsonb_typeof(...) <> 'null'` CHECK.
 */
import { customType } from 'drizzle-orm/pg-core';
import type { JsonValue } from '../contracts/json-payload.ts';

/** `jsonb` holding a {@link JsonValue} exactly (SQL NULL when absent). */
export const jsonPayload = customType<{ data: JsonValue; driverData: unknown }>({
  dataType: () => 'jsonb',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => value as JsonValue,
});
