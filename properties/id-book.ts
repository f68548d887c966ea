/**
 * Ids in a differential run: each side (model, implementation) mints its own ids, so commands
 * refer to entities by creation order (`Ref`), and results are compared after every known id is
 * replaced by its label (`user#0`, `payment#2`): DESIGN.md section 4.
 */
import { MISSING_ID } from '../contracts/ids.ts';
import type { Ref } from '../contracts/domain.ts';

/** True when `v` is a {@link Ref}. */
export function isRef(v: unknown): v is Ref {
  return typeof v === 'object' && v !== null && typeof (v as Ref).$ref === 'string' && typeof (v as Ref).pick === 'number';
}

/** Deep-maps `value`, replacing what `f` returns non-undefined for. */
function mapDeep(value: unknown, f: (v: unknown) => unknown): unknown {
  const r = f(value);
  if (r !== undefined) return r;
  if (Array.isArray(value)) return value.map((x) => mapDeep(x, f));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, mapDeep(x, f)]));
  }
  return value;
}

/** The ids one side of a run has created, in order, per entity kind. */
export class IdBook {
  private readonly ids = new Map<string, string[]>();
  private readonly labels = new Map<string, string>();

  /** Records a created id of kind `entity`. */
  add(entity: string, id: string): void {
    const list = this.ids.get(entity) ?? [];
    if (!this.ids.has(entity)) this.ids.set(entity, list);
    this.labels.set(id, `${entity}#${list.length}`);
    list.push(id);
  }

  /**
   * The id a ref names (`pick` modulo the count; a negative `pick` counts from the newest, `-1`
   * being the latest), or {@link MISSING_ID} when none exists yet.
   */
  resolve(ref: Ref): string {
    const list = this.ids.get(ref.$ref);
    if (!list || list.length === 0) return MISSING_ID;
    const n = list.length;
    return list[((ref.pick % n) + n) % n]!;
  }

  /** `args` with every Ref replaced by the id it names. */
  resolveArgs(args: readonly unknown[]): unknown[] {
    return args.map((a) => mapDeep(a, (v) => (isRef(v) ? this.resolve(v) : undefined)));
  }

  /** `value` with every known id replaced by its label, and {@link MISSING_ID} by `missing`. */
  normalize(value: unknown): unknown {
    return mapDeep(value, (v) => (typeof v === 'string' ? (this.labels.get(v) ?? (v === MISSING_ID ? 'missing' : undefined)) : undefined));
  }
}
