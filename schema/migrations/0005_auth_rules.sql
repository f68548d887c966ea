-- Custom migration: drizzle-kit cannot express triggers. Every auth table carries a
-- legacy_object_id, so each keeps its id_map entries in step (see 0002_id_map_sync). None of
-- them is append-only: passkeys and links are deleted, tokens revoked, sessions expire.
CREATE TRIGGER user_passkeys_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON user_passkeys
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER user_refresh_tokens_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON user_refresh_tokens
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER telegram_links_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON telegram_links
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER telegram_sessions_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON telegram_sessions
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
