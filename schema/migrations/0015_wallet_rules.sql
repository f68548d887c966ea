-- Custom migration: drizzle-kit cannot express triggers.
-- id_map entries of the payment-quote, derived-destination and Trezor tables, kept by the
-- database exactly as 0002_id_map_sync does for the core tables (function id_map_sync()).
CREATE TRIGGER payment_quotes_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON payment_quotes
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER derived_destinations_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON derived_destinations
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER derived_destination_sweeps_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON derived_destination_sweeps
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER trezor_accounts_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON trezor_accounts
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER trezor_derived_addresses_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON trezor_derived_addresses
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
