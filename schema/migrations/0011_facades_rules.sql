-- Custom migration: drizzle-kit cannot express triggers or trigger functions.
-- 1. id_map mappings for the store facades' tables (the pattern of 0002_id_map_sync).
-- 2. config_setting_history is append-only, like the funds ledger (0001): any UPDATE, DELETE or
--    TRUNCATE raises, statement-level so a writer learns the rule even when no row matches.
--    Settings themselves are never deleted: the history's foreign key (ON DELETE RESTRICT) keeps
--    every setting that has history, and every setting has at least its creation entry.
CREATE TRIGGER shop_settings_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON shop_settings
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER config_settings_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON config_settings
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
-- The history is append-only, so only INSERT can change its mappings.
CREATE TRIGGER config_setting_history_id_map AFTER INSERT ON config_setting_history
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER request_templates_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON request_templates
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE FUNCTION config_setting_history_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'config_setting_history is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'P0001',
          CONSTRAINT = 'config_setting_history_append_only',
          HINT = 'set the setting again: the change is appended as a new version';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER config_setting_history_no_update BEFORE UPDATE ON config_setting_history
  FOR EACH STATEMENT EXECUTE FUNCTION config_setting_history_reject_change();
--> statement-breakpoint
CREATE TRIGGER config_setting_history_no_delete BEFORE DELETE ON config_setting_history
  FOR EACH STATEMENT EXECUTE FUNCTION config_setting_history_reject_change();
--> statement-breakpoint
CREATE TRIGGER config_setting_history_no_truncate BEFORE TRUNCATE ON config_setting_history
  FOR EACH STATEMENT EXECUTE FUNCTION config_setting_history_reject_change();
