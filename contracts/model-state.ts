import { randomBytes } from 'node:crypto';

/**
 * The reference models' in-memory state: one table (Map by id) per entity kind, shared by the
 * models of one run so that cross-domain rules (an address needs its user) can be checked.
 * It is the contract's oracle, not an imitation of either database.
 *
 * @public
 */
export class ModelState {
  private readonly tables = new Map<string, Map<string, unknown>>();
  private seq = 0;
  // Ids are compared by value when results are normalized, so they must never equal a generated
  // field value: a short id like `m1` once did (a displayName "m1" was taken for the id).
  private readonly prefix = `model-${randomBytes(8).toString('hex')}-`;

  /** The table of `entity` (created empty on first use). Iteration order is insertion order. */
  table<T>(entity: string): Map<string, T> {
    let t = this.tables.get(entity);
    if (!t) this.tables.set(entity, (t = new Map()));
    return t as Map<string, T>;
  }

  /** A fresh model id (`model-<16 hex>-1`, `-2`, …): opaque, like every contract id. */
  nextId(): string {
    return `${this.prefix}${++this.seq}`;
  }
}
