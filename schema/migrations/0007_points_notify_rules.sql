-- Custom migration: drizzle-kit cannot express triggers or trigger functions.
-- 1. Point transactions are append-only like the funds ledger (0001): any UPDATE, DELETE or
--    TRUNCATE of point_transactions raises, statement-level so the statement fails even when it
--    touches no row. A balance is the sum of the transactions; a correction is a new transaction.
-- 2. id_map triggers (0002's function) for the new tables with a legacy_object_id; the append-only
--    point_transactions only ever inserts, so its trigger fires on INSERT only.
CREATE FUNCTION point_transactions_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'point_transactions is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'P0001',
          CONSTRAINT = 'point_transactions_append_only',
          HINT = 'record a compensating transaction instead';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER point_transactions_no_update BEFORE UPDATE ON point_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION point_transactions_reject_change();
--> statement-breakpoint
CREATE TRIGGER point_transactions_no_delete BEFORE DELETE ON point_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION point_transactions_reject_change();
--> statement-breakpoint
CREATE TRIGGER point_transactions_no_truncate BEFORE TRUNCATE ON point_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION point_transactions_reject_change();
--> statement-breakpoint
CREATE TRIGGER point_transactions_id_map AFTER INSERT ON point_transactions
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER level_configs_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON level_configs
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER notifications_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON notifications
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
