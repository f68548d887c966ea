/**
 * A `jsonb` column that reads back exactly what was written. drizzle-orm's own `jsonb` (0.45)
 * JSON-parses any string it reads, but node-postgres has already parsed the `jsonb` text: a
 * payload that is the JSON string "10.5" would come back as the number 10.5. This column sends
 * `JSON.stringify(value)` and takes node-postgres's parsed value unchanged.
 */
import { customType } from 'drizzle-orm/pg-core';
import type { JsonValue } from '../contracts/json-payload.ts';

/** `jsonb` holding a {@link JsonValue} (SQL NULL when absent). */
export const jsonPayload = customType<{ data: JsonValue; driverData: unknown }>({
  dataType: () => 'jsonb',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => value as JsonValue,
});
