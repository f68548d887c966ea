-- Custom migration: drizzle-kit cannot express triggers or trigger functions.
-- The funds ledger is append-only (source system migrations 0004, 0013 and 0015): any UPDATE,
-- DELETE or TRUNCATE of funds_ledger_entries raises. The triggers are statement-level so that
-- the statement fails even when it touches no row (an UPDATE or DELETE on an empty table, or
-- one whose WHERE matches nothing): a writer learns of the rule the first time, not the first
-- time a row happens to match.
CREATE FUNCTION funds_ledger_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'funds_ledger_entries is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'P0001',
          CONSTRAINT = 'funds_ledger_append_only',
          HINT = 'append a compensating entry instead';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER funds_ledger_no_update BEFORE UPDATE ON funds_ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION funds_ledger_reject_change();
--> statement-breakpoint
CREATE TRIGGER funds_ledger_no_delete BEFORE DELETE ON funds_ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION funds_ledger_reject_change();
--> statement-breakpoint
CREATE TRIGGER funds_ledger_no_truncate BEFORE TRUNCATE ON funds_ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION funds_ledger_reject_change();
