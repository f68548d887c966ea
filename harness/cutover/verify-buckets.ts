/**
 * Order-independent checksums over id ranges, the arithmetic behind `verify`'s buckets and its
 * bisection. Ids are 96-bit numbers (`stream-mongo.ts#idToBigInt`).
 *
 * @public
 */
import { HASH_MASK } from './canonical.ts';
import { ID_SPACE_END, type IdRange } from './stream-mongo.ts';

/** Count, checksum (sum of record hashes mod 2^64) and id extent of the records of one range on one side. */
export class Summary {
  count = 0;
  sum = 0n;
  min: bigint | undefined;
  max: bigint | undefined;

  /** Adds a record with id `id` and hash `hash`. */
  add(id: bigint, hash: bigint): void {
    this.count++;
    this.sum = (this.sum + hash) & HASH_MASK;
    if (this.min === undefined || id < this.min) this.min = id;
    if (this.max === undefined || id > this.max) this.max = id;
  }

  /** True when both sides hold the same number of records with the same checksum. */
  matches(other: Summary): boolean {
    return this.count === other.count && this.sum === other.sum;
  }
}

/**
 * `2^bits` buckets of equal width over `[min, max]` (the ids seen on the cheaper side); bucket 0
 * also takes every id below `min` and the last bucket every id above `max`, so the buckets cover
 * the whole id space and ids written after the bounds were read still land somewhere.
 */
export class BucketGrid {
  readonly size: number;
  private readonly width: bigint;

  constructor(
    bits: number,
    private readonly min: bigint,
    max: bigint,
  ) {
    if (!Number.isInteger(bits) || bits < 0 || bits > 20) throw new RangeError(`bucketBits must be an integer in 0..20 (got ${bits})`);
    this.size = 2 ** bits;
    const span = max >= min ? max - min + 1n : 1n;
    this.width = (span + BigInt(this.size) - 1n) / BigInt(this.size) || 1n;
  }

  /** Bucket of an id. */
  bucketOf(id: bigint): number {
    if (id < this.min) return 0;
    const i = (id - this.min) / this.width;
    return i >= BigInt(this.size) ? this.size - 1 : Number(i);
  }

  /** The id range of bucket `i`. */
  range(i: number): IdRange {
    return {
      lo: i === 0 ? 0n : this.min + BigInt(i) * this.width,
      hi: i === this.size - 1 ? ID_SPACE_END : this.min + BigInt(i + 1) * this.width,
    };
  }
}

/**
 * Halves a range whose two sides differ: the split point is the middle of the ids actually seen
 * on either side (not of the range), so clustered ids (one process's ObjectIds share their middle
 * bytes) still split in about half. Both halves are non-empty when a side holds two or more ids.
 */
export function halve(range: IdRange, a: Summary, b: Summary): [IdRange, IdRange] {
  const lows = [a.min, b.min].filter((x): x is bigint => x !== undefined);
  const highs = [a.max, b.max].filter((x): x is bigint => x !== undefined);
  const lo = lows.length ? lows.reduce((x, y) => (x < y ? x : y)) : range.lo;
  const hi = highs.length ? highs.reduce((x, y) => (x > y ? x : y)) : range.hi - 1n;
  let mid = lo + (hi - lo + 1n) / 2n;
  if (mid <= range.lo) mid = range.lo + 1n;
  if (mid >= range.hi) mid = range.hi - 1n;
  return [
    { lo: range.lo, hi: mid },
    { lo: mid, hi: range.hi },
  ];
}

/** Disjoint ranges sorted by `lo`, with a binary search from an id to its range. */
export class RangeSet {
  readonly ranges: readonly IdRange[];
  constructor(ranges: readonly IdRange[]) {
    this.ranges = [...ranges].sort((x, y) => (x.lo < y.lo ? -1 : x.lo > y.lo ? 1 : 0));
  }

  /** Index (in `ranges`) of the range holding `id`, or -1. */
  indexOf(id: bigint): number {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const r = this.ranges[mid]!;
      if (id < r.lo) hi = mid - 1;
      else if (id >= r.hi) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  /** The smallest range covering them all. */
  cover(): IdRange {
    return { lo: this.ranges[0]!.lo, hi: this.ranges[this.ranges.length - 1]!.hi };
  }
}
