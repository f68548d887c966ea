/**
 * The database objects our custom SQL migrations create. drizzle-kit cannot express triggers or
 * trigger functions, so they are absent from the schema code and its snapshots; this short list
 * is the only hand-kept part of the catalog check, and it says what each trigger must look like,
 * not just that it exists. The id_map triggers are not listed table by table: every declared
 * table with a `legacy_object_id` column must have one (derived from the schema at check time).
 *
 * @public
 */

/** A trigger event. */
export type TriggerEvent = 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';

/** A trigger a custom migration must have created, as it must be. */
export interface ExpectedTrigger {
  readonly name: string;
  readonly table: string;
  readonly timing: 'BEFORE' | 'AFTER';
  readonly level: 'ROW' | 'STATEMENT';
  /** Exactly these events. */
  readonly events: readonly TriggerEvent[];
  /** Name of the trigger function (schema public). */
  readonly function: string;
  /** True when the trigger exists to reject its events (an append-only guard). */
  readonly rejects?: boolean;
  /** When set and the trigger is narrowed to `UPDATE OF <columns>`, they must include this one. */
  readonly updateOfColumn?: string;
}

/** The rule for the per-table id_map triggers of migration 0002_id_map_sync. */
export interface IdMapTriggerRule {
  /** Tables with this column get a trigger. */
  readonly column: string;
  /**
   * The map table itself: it carries the column as data (the mapping), not as its own rows'
   * Mongo id, and a trigger there would write into the table it fires on.
   */
  readonly mapTable: string;
  /** Trigger name = `<table><suffix>`. */
  readonly suffix: string;
  readonly timing: 'BEFORE' | 'AFTER';
  readonly level: 'ROW' | 'STATEMENT';
  readonly function: string;
  /**
   * Events the trigger must fire on. An event a declared guard trigger rejects on that table
   * (the append-only ledger rejects UPDATE and DELETE) is not required there: it cannot happen.
   * UPDATE may be narrowed to `UPDATE OF <column>`; narrowed to other columns it is reported.
   */
  readonly events: readonly TriggerEvent[];
}

/** What the catalog step expects beyond the schema code. */
export interface CustomObjects {
  readonly triggers: readonly ExpectedTrigger[];
  readonly idMapTrigger?: IdMapTriggerRule;
  /** Trigger functions (schema public), by name. Any other function there is reported as extra. */
  readonly functions: readonly string[];
}

/** The ledger guards of `0001_funds_ledger_append_only.sql` (statement-level: see its header). */
const LEDGER_GUARDS: readonly ExpectedTrigger[] = (
  [
    ['funds_ledger_no_update', 'UPDATE'],
    ['funds_ledger_no_delete', 'DELETE'],
    ['funds_ledger_no_truncate', 'TRUNCATE'],
  ] as const
).map(([name, event]) => ({
  name,
  table: 'funds_ledger_entries',
  timing: 'BEFORE',
  level: 'STATEMENT',
  events: [event],
  function: 'funds_ledger_reject_change',
  rejects: true,
}));

/** The point-transaction guards of the custom migration `points_notify_rules` (same pattern as the ledger's). */
const POINT_TRANSACTION_GUARDS: readonly ExpectedTrigger[] = (
  [
    ['point_transactions_no_update', 'UPDATE'],
    ['point_transactions_no_delete', 'DELETE'],
    ['point_transactions_no_truncate', 'TRUNCATE'],
  ] as const
).map(([name, event]) => ({
  name,
  table: 'point_transactions',
  timing: 'BEFORE',
  level: 'STATEMENT',
  events: [event],
  function: 'point_transactions_reject_change',
  rejects: true,
}));

/** The config history guards of `0005_facades_rules.sql` (the ledger's pattern). */
const CONFIG_HISTORY_GUARDS: readonly ExpectedTrigger[] = (
  [
    ['config_setting_history_no_update', 'UPDATE'],
    ['config_setting_history_no_delete', 'DELETE'],
    ['config_setting_history_no_truncate', 'TRUNCATE'],
  ] as const
).map(([name, event]) => ({
  name,
  table: 'config_setting_history',
  timing: 'BEFORE',
  level: 'STATEMENT',
  events: [event],
  function: 'config_setting_history_reject_change',
  rejects: true,
}));

/** This repository's custom objects (migrations 0001, 0002 and the domains' `_rules` migrations). */
export const CUSTOM_OBJECTS: CustomObjects = {
  triggers: [...LEDGER_GUARDS, ...POINT_TRANSACTION_GUARDS, ...CONFIG_HISTORY_GUARDS],
  idMapTrigger: {
    column: 'legacy_object_id',
    mapTable: 'id_map',
    suffix: '_id_map',
    timing: 'AFTER',
    level: 'ROW',
    function: 'id_map_sync',
    events: ['INSERT', 'UPDATE', 'DELETE'],
  },
  functions: ['config_setting_history_reject_change', 'funds_ledger_reject_change', 'id_map_sync', 'point_transactions_reject_change'],
};

/** No custom objects: what a folder without a declaration is held to (no trigger, no function). */
export const NO_CUSTOM_OBJECTS: CustomObjects = { triggers: [], functions: [] };
