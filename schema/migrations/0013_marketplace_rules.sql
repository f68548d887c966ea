-- Custom migration: drizzle-kit cannot express triggers.
-- id_map triggers of the marketplace tables that carry a Mongo _id (see 0002_id_map_sync.sql).
-- The child tables (delivery info/address, seller delivery info, service info, specifications,
-- preferred sellers, delivery attempts) are embedded in the Mongo purchaseRequests document and
-- have no _id of their own, so they have no legacy_object_id and no mapping.
CREATE TRIGGER purchase_requests_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON purchase_requests
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
--> statement-breakpoint
CREATE TRIGGER seller_offers_id_map AFTER INSERT OR DELETE OR UPDATE OF legacy_object_id ON seller_offers
  FOR EACH ROW EXECUTE FUNCTION id_map_sync();
