/**
 * A jsonb column that reads back exactly what was written.
 *
 * drizzle-orm's own `jsonb` re-parses any string the driver returns (`mapFromDriverValue`), but
 * node-postgres has already parsed the jsonb text: a stored JSON string `"10.5"` would come back
 * as the number 10.5, and `"true"` as a boolean. This column serializes with `JSON.stringify`
 * and takes the driver's value as it is.
 */
import { customType } from 'drizzle-orm/pg-core';
import type { JsonValue } from '../contracts/json-wallet.ts';

/** `jsonb`, typed as {@link JsonValue}; the value is never re-parsed on the way out. */
export const jsonbValue = customType<{ data: JsonValue; driverData: unknown }>({
  dataType: () => 'jsonb',
  toDriver: (v) => JSON.stringify(v),
  fromDriver: (v) => v as JsonValue,
});
