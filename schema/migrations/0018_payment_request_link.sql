ALTER TABLE "payments" ADD COLUMN "purchase_request_id" uuid;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_purchase_request_id_purchase_requests_id_fk" FOREIGN KEY ("purchase_request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payments_purchase_request_idx" ON "payments" USING btree ("purchase_request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_pending_per_request_uq" ON "payments" USING btree ("purchase_request_id") WHERE "payments"."status" = 'pending';