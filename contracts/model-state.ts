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

  /** The table of `entity` (created empty on first use). Iteration order is insertion order. */
  table<T>(entity: string): Map<string, T> {
    let t = this.tables.get(entity);
    if (!t) this.tables.set(entity, (t = new Map()));
    return t as Map<string, T>;
  }

  /** A fresh model id (`m1`, `m2`, …): opaque, like every contract id. */
  nextId(): string {
    return `m${++this.seq}`;
  }
}
