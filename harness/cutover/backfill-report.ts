/**
 * The shape of a backfill's report. Every document read is counted exactly once as inserted,
 * updated, unchanged or skipped (`seen = inserted + updated + unchanged + skipped`); `repaired`
 * and `flagged` count documents that were also repaired or read with a remark.
 *
 * @public
 */
import type { Repair } from '../../repos/legacy/spec.ts';
import type { FlaggedDocument, Rejection } from './canonical-expectation.ts';

/** Per-entity (and total) document counts. */
export interface BackfillCounts {
  /** Documents read from Mongo. */
  seen: number;
  /** Rows inserted (in a dry run: that would have been). */
  inserted: number;
  /** Existing rows (same legacy id) whose canonical record differed, updated to the document's. */
  updated: number;
  /** Existing rows already equal to the document's canonical record: not written. */
  unchanged: number;
  /** Documents not written, each listed in `skipped` with its rule. */
  skipped: number;
  /** Documents changed by a repair policy before writing (also counted above). */
  repaired: number;
  /** Documents read with a remark such as money stored as a number (also counted above). */
  flagged: number;
  /** Rows retried after the stream because an ordering conflict (a unique index, a later parent) deferred them. */
  deferred: number;
  /**
   * Rows whose deferred references (`StoredEntity.deferredReferences`, e.g. a request's selected
   * offer) the last pass set or changed; not part of the `seen` sum (the row was counted once above).
   */
  linked: number;
}

/** One entity's result. */
export interface BackfillEntityReport {
  readonly entity: string;
  readonly collection: string;
  readonly table: string;
  readonly counts: BackfillCounts;
  readonly durationMs: number;
  /** Documents read per second for this entity (pre-pass included). */
  readonly docsPerSec: number;
  /** Time spent waiting for Mongo batches (the next batch is read while one is written) and writing to Postgres. */
  readonly timingMs: { readonly mongoWait: number; readonly postgres: number };
}

/** What {@link backfill} did. */
export interface BackfillReport {
  readonly dryRun: boolean;
  readonly batchSize: number;
  /** Per entity, in the order processed. */
  readonly entities: readonly BackfillEntityReport[];
  readonly totals: BackfillCounts;
  /** Every skipped document with the rule it breaks (first `maxListed`; see `unlisted`). */
  readonly skipped: readonly Rejection[];
  /** Every repair made (first `maxListed`). */
  readonly repairs: readonly Repair[];
  /** Documents read with a remark (first `maxListed`); `flagCounts` counts them all by kind. */
  readonly flagged: readonly FlaggedDocument[];
  readonly flagCounts: Readonly<Record<string, number>>;
  /** How many entries each list left out because of `maxListed`. */
  readonly unlisted: { readonly skipped: number; readonly repairs: number; readonly flagged: number };
  readonly durationMs: number;
  /** All documents read per second of the whole run. */
  readonly docsPerSec: number;
}

/** A fresh zeroed {@link BackfillCounts}. */
export function zeroCounts(): BackfillCounts {
  return { seen: 0, inserted: 0, updated: 0, unchanged: 0, skipped: 0, repaired: 0, flagged: 0, deferred: 0, linked: 0 };
}
