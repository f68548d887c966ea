/**
 * A `jsonb` column that gives JSON back exactly as it was written.
 *
 * drizzle-orm's own `jsonb()` (0.45) JSON.parses any string it reads, but node-postgres has
 * already parsed jsonb: a stored JSON string "10.5" comes back as the number 10.5 (and "true" as
 * true). This column writes `JSON.stringify(value)` and reads the driver's value untouched.
 */
import { customType } from 'drizzle-orm/pg-core';
import type { JsonValue } from '../contracts/json-payload-facades.ts';

/** `jsonb` holding any {@link JsonValue}; SQL NULL reads as null. */
export const jsonbValue = customType<{ data: JsonValue; driverData: unknown }>({
  dataType: () => 'jsonb',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => value as JsonValue,
});
