-- Custom migration: drizzle-kit cannot express triggers.
-- id_map triggers of release_holds and reviews, which carry a Mongo _id (see 0002_id_map_sync.sql).
-- No rule trigger: "a hold is placed only on a pending or confirmed payment" is about the payment
-- at placement time, and a payment released later keeps its hold, so a trigger over the stored
-- rows could not tell a legitimate hold from a wrong one (and would refuse the former's backfill).
CREATE TRIGGER release_holds_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON release_holds
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER reviews_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON reviews
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
