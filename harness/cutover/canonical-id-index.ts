/**
 * A compact, sorted index of the ObjectIds of one collection, built while the collection is
 * streamed in `_id` order: 12 bytes of id, 1 status byte and an optional fixed-size payload per
 * document, in one growable buffer (about 21 bytes a document with an 8-byte payload, against
 * ~100 bytes for a `Set` of hex strings). Backfill and verify use it to tell, for a reference,
 * whether the referenced document exists in Mongo and whether it can be backfilled, without a
 * query per reference (FerretDB answers every filtered query with a full scan).
 *
 * @public
 */

/** Status of an indexed document. */
export const IdStatus = {
  /** Readable and meets every rule: expected in Postgres. */
  expected: 0,
  /** Excluded by a shape error, a contract rule, a reference or a policy. */
  rejected: 1,
  /** Expected, but Postgres refused it during this backfill. */
  failed: 2,
} as const;
/** One of the {@link IdStatus} values. */
export type IdStatus = (typeof IdStatus)[keyof typeof IdStatus];

const ID_BYTES = 12;

/** Appends ids in any order; {@link IdIndexBuilder.finish} sorts when needed. */
export class IdIndexBuilder {
  private buf: Buffer;
  private n = 0;
  private sorted = true;
  readonly entrySize: number;

  /** `payloadBytes`: bytes stored with each id (0 when nobody needs a payload). */
  constructor(readonly payloadBytes: number) {
    this.entrySize = ID_BYTES + 1 + payloadBytes;
    this.buf = Buffer.alloc(this.entrySize * 1024);
  }

  /**
   * Adds a document. `idHex` is 24 lower-case hex; `payload` must be `payloadBytes` long (zeros
   * when omitted).
   */
  add(idHex: string, status: IdStatus, payload?: Buffer): void {
    if ((this.n + 1) * this.entrySize > this.buf.length) {
      const bigger = Buffer.alloc(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.n * this.entrySize);
      this.buf = bigger;
    }
    const at = this.n * this.entrySize;
    this.buf.write(idHex, at, ID_BYTES, 'hex');
    this.buf[at + ID_BYTES] = status;
    if (payload) payload.copy(this.buf, at + ID_BYTES + 1, 0, this.payloadBytes);
    if (this.n > 0 && this.sorted && this.buf.compare(this.buf, at - this.entrySize, at - this.entrySize + ID_BYTES, at, at + ID_BYTES) <= 0) this.sorted = false;
    this.n++;
  }

  /** The finished index (this builder must not be used afterwards). */
  finish(): IdIndex {
    let buf = this.buf.subarray(0, this.n * this.entrySize);
    if (!this.sorted) {
      const entries: Buffer[] = [];
      for (let i = 0; i < this.n; i++) entries.push(buf.subarray(i * this.entrySize, (i + 1) * this.entrySize));
      entries.sort((a, b) => a.compare(b, 0, ID_BYTES, 0, ID_BYTES));
      buf = Buffer.concat(entries);
    }
    return new IdIndex(Buffer.from(buf), this.n, this.entrySize, this.payloadBytes);
  }
}

/** A finished index: binary search by id. */
export class IdIndex {
  constructor(
    private readonly buf: Buffer,
    readonly size: number,
    private readonly entrySize: number,
    readonly payloadBytes: number,
  ) {}

  /** Bytes held. */
  get bytes(): number {
    return this.buf.length;
  }

  private find(idHex: string): number {
    const key = Buffer.from(idHex, 'hex');
    if (key.length !== ID_BYTES) return -1;
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.buf.compare(key, 0, ID_BYTES, mid * this.entrySize, mid * this.entrySize + ID_BYTES);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Status and payload of `idHex`, or undefined when the collection has no such document. */
  get(idHex: string): { status: IdStatus; payload: Buffer } | undefined {
    const i = this.find(idHex);
    if (i < 0) return undefined;
    const at = i * this.entrySize;
    return { status: this.buf[at + ID_BYTES] as IdStatus, payload: this.buf.subarray(at + ID_BYTES + 1, at + this.entrySize) };
  }

  /** Changes the status of an indexed id (no-op for an unknown id). */
  setStatus(idHex: string, status: IdStatus): void {
    const i = this.find(idHex);
    if (i >= 0) this.buf[i * this.entrySize + ID_BYTES] = status;
  }
}
