/**
 * Contract ids are opaque strings (DESIGN.md section 4): Mongo mints 24-hex ObjectIds, Postgres
 * mints uuids and keeps the Mongo id as `legacy_object_id`.
 *
 * @public
 */

const OBJECT_ID_HEX = /^[0-9a-f]{24}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a lower-case 24-hex string (a Mongo ObjectId in its canonical text form). */
export function isObjectIdHex(id: unknown): id is string {
  return typeof id === 'string' && OBJECT_ID_HEX.test(id);
}

/** True for a lower-case canonical uuid. */
export function isUuid(id: unknown): id is string {
  return typeof id === 'string' && UUID.test(id);
}

/**
 * An id that is well formed for every store and names nothing: the differential runner uses it
 * when a command refers to an entity of a kind that has none yet.
 */
export const MISSING_ID = 'ffffffffffffffffffffffff';
