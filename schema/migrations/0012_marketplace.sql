CREATE TYPE "public"."delivery_attempt_status" AS ENUM('failed', 'succeeded', 'returned');--> statement-breakpoint
CREATE TYPE "public"."delivery_method" AS ENUM('shipping', 'pickup', 'digital', 'courier');--> statement-breakpoint
CREATE TYPE "public"."purchase_request_status" AS ENUM('draft', 'open', 'offer_selected', 'in_delivery', 'delivered', 'completed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."seller_offer_status" AS ENUM('pending', 'accepted', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TABLE "delivery_attempts" (
	"request_id" uuid NOT NULL,
	"attempt_number" integer NOT NULL,
	"status" "delivery_attempt_status" NOT NULL,
	"note" text,
	"attempted_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "delivery_attempts_pk" PRIMARY KEY("request_id","attempt_number"),
	CONSTRAINT "delivery_attempts_number_positive" CHECK ("delivery_attempts"."attempt_number" >= 1),
	CONSTRAINT "delivery_attempts_note_length" CHECK (char_length("delivery_attempts"."note") <= 500)
);
--> statement-breakpoint
CREATE TABLE "purchase_request_delivery_address" (
	"request_id" uuid PRIMARY KEY NOT NULL,
	"line1" text NOT NULL,
	"line2" text,
	"city" text NOT NULL,
	"postal_code" text,
	"country" text NOT NULL,
	CONSTRAINT "purchase_request_delivery_address_country_iso2" CHECK ("purchase_request_delivery_address"."country" ~ '^[A-Z]{2}$'),
	CONSTRAINT "purchase_request_delivery_address_line1_length" CHECK (char_length("purchase_request_delivery_address"."line1") BETWEEN 1 AND 200 AND btrim("purchase_request_delivery_address"."line1") <> ''),
	CONSTRAINT "purchase_request_delivery_address_city_length" CHECK (char_length("purchase_request_delivery_address"."city") BETWEEN 1 AND 100 AND btrim("purchase_request_delivery_address"."city") <> '')
);
--> statement-breakpoint
CREATE TABLE "purchase_request_delivery_info" (
	"request_id" uuid PRIMARY KEY NOT NULL,
	"method" "delivery_method" NOT NULL,
	"notes" text,
	CONSTRAINT "purchase_request_delivery_info_notes_length" CHECK (char_length("purchase_request_delivery_info"."notes") <= 1000)
);
--> statement-breakpoint
CREATE TABLE "purchase_request_preferred_sellers" (
	"request_id" uuid NOT NULL,
	"seller_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "purchase_request_preferred_sellers_pk" PRIMARY KEY("request_id","seller_id"),
	CONSTRAINT "purchase_request_preferred_sellers_position_uq" UNIQUE("request_id","position"),
	CONSTRAINT "purchase_request_preferred_sellers_position_nonneg" CHECK ("purchase_request_preferred_sellers"."position" >= 0)
);
--> statement-breakpoint
CREATE TABLE "purchase_request_seller_delivery_info" (
	"request_id" uuid PRIMARY KEY NOT NULL,
	"carrier" text NOT NULL,
	"tracking_number" text,
	CONSTRAINT "purchase_request_seller_delivery_info_carrier_length" CHECK (char_length("purchase_request_seller_delivery_info"."carrier") BETWEEN 1 AND 100 AND btrim("purchase_request_seller_delivery_info"."carrier") <> '')
);
--> statement-breakpoint
CREATE TABLE "purchase_request_service_info" (
	"request_id" uuid PRIMARY KEY NOT NULL,
	"details" text NOT NULL,
	"location" text,
	CONSTRAINT "purchase_request_service_info_details_length" CHECK (char_length("purchase_request_service_info"."details") BETWEEN 1 AND 2000 AND btrim("purchase_request_service_info"."details") <> '')
);
--> statement-breakpoint
CREATE TABLE "purchase_request_specifications" (
	"request_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "purchase_request_specifications_pk" PRIMARY KEY("request_id","key"),
	CONSTRAINT "purchase_request_specifications_position_uq" UNIQUE("request_id","position"),
	CONSTRAINT "purchase_request_specifications_position_nonneg" CHECK ("purchase_request_specifications"."position" >= 0),
	CONSTRAINT "purchase_request_specifications_key_length" CHECK (char_length("purchase_request_specifications"."key") BETWEEN 1 AND 100 AND btrim("purchase_request_specifications"."key") <> ''),
	CONSTRAINT "purchase_request_specifications_value_length" CHECK (char_length("purchase_request_specifications"."value") <= 1000)
);
--> statement-breakpoint
CREATE TABLE "purchase_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "purchase_requests_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"buyer_id" uuid NOT NULL,
	"category_id" uuid,
	"title" text NOT NULL,
	"description" text,
	"budget_amount" numeric(38, 18) NOT NULL,
	"budget_currency" "currency" DEFAULT 'USDT' NOT NULL,
	"status" "purchase_request_status" DEFAULT 'open' NOT NULL,
	"selected_offer_id" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "purchase_requests_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "purchase_requests_legacy_object_id_hex" CHECK ("purchase_requests"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "purchase_requests_budget_amount_positive" CHECK ("purchase_requests"."budget_amount" > 0),
	CONSTRAINT "purchase_requests_budget_amount_scale" CHECK ("purchase_requests"."budget_amount" = round("purchase_requests"."budget_amount", CASE "purchase_requests"."budget_currency" WHEN 'USDT' THEN 6 WHEN 'USDC' THEN 6 WHEN 'ETH' THEN 18 WHEN 'BTC' THEN 8 WHEN 'TRY' THEN 2 END)),
	CONSTRAINT "purchase_requests_title_length" CHECK (char_length("purchase_requests"."title") BETWEEN 1 AND 200 AND btrim("purchase_requests"."title") <> ''),
	CONSTRAINT "purchase_requests_description_length" CHECK (char_length("purchase_requests"."description") <= 5000),
	CONSTRAINT "purchase_requests_selected_offer_status" CHECK ("purchase_requests"."selected_offer_id" IS NULL OR "purchase_requests"."status" IN ('offer_selected', 'in_delivery', 'delivered', 'completed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "seller_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "seller_offers_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"request_id" uuid NOT NULL,
	"seller_id" uuid NOT NULL,
	"price" numeric(38, 18) NOT NULL,
	"offer_currency" "currency" NOT NULL,
	"status" "seller_offer_status" DEFAULT 'pending' NOT NULL,
	"message" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "seller_offers_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "seller_offers_id_request_uq" UNIQUE("id","request_id"),
	CONSTRAINT "seller_offers_legacy_object_id_hex" CHECK ("seller_offers"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "seller_offers_price_positive" CHECK ("seller_offers"."price" > 0),
	CONSTRAINT "seller_offers_price_scale" CHECK ("seller_offers"."price" = round("seller_offers"."price", CASE "seller_offers"."offer_currency" WHEN 'USDT' THEN 6 WHEN 'USDC' THEN 6 WHEN 'ETH' THEN 18 WHEN 'BTC' THEN 8 WHEN 'TRY' THEN 2 END)),
	CONSTRAINT "seller_offers_message_length" CHECK (char_length("seller_offers"."message") <= 2000)
);
--> statement-breakpoint
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_request_fk" FOREIGN KEY ("request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_request_delivery_address" ADD CONSTRAINT "purchase_request_delivery_address_request_fk" FOREIGN KEY ("request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_request_delivery_info" ADD CONSTRAINT "purchase_request_delivery_info_request_fk" FOREIGN KEY ("request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_request_preferred_sellers" ADD CONSTRAINT "purchase_request_preferred_sellers_seller_id_users_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_request_preferred_sellers" ADD CONSTRAINT "purchase_request_preferred_sellers_request_fk" FOREIGN KEY ("request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_request_seller_delivery_info" ADD CONSTRAINT "purchase_request_seller_delivery_info_request_fk" FOREIGN KEY ("request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_request_service_info" ADD CONSTRAINT "purchase_request_service_info_request_fk" FOREIGN KEY ("request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_request_specifications" ADD CONSTRAINT "purchase_request_specifications_request_fk" FOREIGN KEY ("request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_requests" ADD CONSTRAINT "purchase_requests_buyer_id_users_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_requests" ADD CONSTRAINT "purchase_requests_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_requests" ADD CONSTRAINT "purchase_requests_selected_offer_fk" FOREIGN KEY ("selected_offer_id","id") REFERENCES "public"."seller_offers"("id","request_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seller_offers" ADD CONSTRAINT "seller_offers_request_id_purchase_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seller_offers" ADD CONSTRAINT "seller_offers_seller_id_users_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "purchase_request_preferred_sellers_seller_idx" ON "purchase_request_preferred_sellers" USING btree ("seller_id");--> statement-breakpoint
CREATE INDEX "purchase_requests_buyer_idx" ON "purchase_requests" USING btree ("buyer_id","created_at");--> statement-breakpoint
CREATE INDEX "purchase_requests_category_idx" ON "purchase_requests" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "purchase_requests_selected_offer_idx" ON "purchase_requests" USING btree ("selected_offer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "seller_offers_one_pending_per_seller" ON "seller_offers" USING btree ("request_id","seller_id") WHERE "seller_offers"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "seller_offers_request_idx" ON "seller_offers" USING btree ("request_id","created_at");--> statement-breakpoint
CREATE INDEX "seller_offers_seller_idx" ON "seller_offers" USING btree ("seller_id");