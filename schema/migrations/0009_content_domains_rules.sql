-- Custom migration: drizzle-kit cannot express triggers.
-- id_map upkeep (see 0002_id_map_sync) for every new table with a legacy_object_id: disputes,
-- blog posts, chats and chat messages. chat_participants has no Mongo identity of its own (the
-- participants are an array inside the Mongo chat document), so it has no id_map rows.
CREATE TRIGGER disputes_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON disputes
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER blog_posts_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON blog_posts
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER chats_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON chats
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER chat_messages_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON chat_messages
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
