-- Custom migration: drizzle-kit cannot express triggers or trigger functions.
-- id_map(entity, legacy_object_id) -> pg_id is kept by the database itself: every row that
-- carries a legacy_object_id (written by a dual-write mirror or by backfill) gets its mapping in
-- the same statement, and loses it when the row is deleted or its legacy id changes. A mapping
-- can therefore never be forgotten by a repository, and costs no extra round trip.
-- `entity` is the table name.
CREATE FUNCTION id_map_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.legacy_object_id IS NOT NULL THEN
    DELETE FROM id_map WHERE entity = TG_TABLE_NAME AND legacy_object_id = OLD.legacy_object_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.legacy_object_id IS NOT NULL THEN
    INSERT INTO id_map (entity, legacy_object_id, pg_id) VALUES (TG_TABLE_NAME, NEW.legacy_object_id, NEW.id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER users_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON users
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER addresses_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON addresses
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER categories_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON categories
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER payments_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON payments
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
-- The ledger is append-only, so only INSERT can change its mappings.
CREATE TRIGGER funds_ledger_entries_id_map AFTER INSERT ON funds_ledger_entries
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
