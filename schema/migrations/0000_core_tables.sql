CREATE TYPE "public"."user_role" AS ENUM('buyer', 'seller', 'admin', 'guard');--> statement-breakpoint
CREATE TYPE "public"."address_type" AS ENUM('shipping', 'billing', 'pickup');--> statement-breakpoint
CREATE TYPE "public"."ledger_direction" AS ENUM('credit', 'debit');--> statement-breakpoint
CREATE TYPE "public"."ledger_kind" AS ENUM('deposit', 'release', 'refund', 'fee', 'adjustment');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('pending', 'confirmed', 'released', 'refunded', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."currency" AS ENUM('USDT', 'USDC', 'ETH', 'BTC', 'TRY');--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"email" text NOT NULL,
	"display_name" text,
	"role" "user_role" DEFAULT 'buyer' NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "users_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_legacy_object_id_hex" CHECK ("users"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "users_email_shape" CHECK ("users"."email" LIKE '%_@_%' AND char_length("users"."email") <= 254),
	CONSTRAINT "users_display_name_length" CHECK (char_length("users"."display_name") <= 100)
);
--> statement-breakpoint
CREATE TABLE "addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"user_id" uuid NOT NULL,
	"type" "address_type" DEFAULT 'shipping' NOT NULL,
	"label" text,
	"line1" text NOT NULL,
	"line2" text,
	"city" text NOT NULL,
	"postal_code" text,
	"country" text NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "addresses_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "addresses_legacy_object_id_hex" CHECK ("addresses"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "addresses_country_iso2" CHECK ("addresses"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"name" text NOT NULL,
	"parent_id" uuid,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "categories_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "categories_legacy_object_id_hex" CHECK ("categories"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "categories_name_length" CHECK (char_length("categories"."name") BETWEEN 1 AND 100 AND btrim("categories"."name") <> ''),
	CONSTRAINT "categories_not_own_parent" CHECK ("categories"."parent_id" IS DISTINCT FROM "categories"."id")
);
--> statement-breakpoint
CREATE TABLE "funds_ledger_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"payment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"currency" "currency" NOT NULL,
	"direction" "ledger_direction" NOT NULL,
	"kind" "ledger_kind" NOT NULL,
	"amount" numeric(38, 18) NOT NULL,
	"memo" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "funds_ledger_entries_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "funds_ledger_entries_legacy_object_id_hex" CHECK ("funds_ledger_entries"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "funds_ledger_entries_amount_positive" CHECK ("funds_ledger_entries"."amount" > 0),
	CONSTRAINT "funds_ledger_entries_amount_scale" CHECK ("funds_ledger_entries"."amount" = round("funds_ledger_entries"."amount", CASE "funds_ledger_entries"."currency" WHEN 'USDT' THEN 6 WHEN 'USDC' THEN 6 WHEN 'ETH' THEN 18 WHEN 'BTC' THEN 8 WHEN 'TRY' THEN 2 END))
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"user_id" uuid NOT NULL,
	"amount" numeric(38, 18) NOT NULL,
	"currency" "currency" NOT NULL,
	"status" "payment_status" DEFAULT 'pending' NOT NULL,
	"provider" text NOT NULL,
	"reference" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "payments_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "payments_id_user_currency_uq" UNIQUE("id","user_id","currency"),
	CONSTRAINT "payments_legacy_object_id_hex" CHECK ("payments"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."amount" > 0),
	CONSTRAINT "payments_amount_scale" CHECK ("payments"."amount" = round("payments"."amount", CASE "payments"."currency" WHEN 'USDT' THEN 6 WHEN 'USDC' THEN 6 WHEN 'ETH' THEN 18 WHEN 'BTC' THEN 8 WHEN 'TRY' THEN 2 END))
);
--> statement-breakpoint
CREATE TABLE "id_map" (
	"entity" text NOT NULL,
	"legacy_object_id" varchar(24) NOT NULL,
	"pg_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "id_map_pk" PRIMARY KEY("entity","legacy_object_id"),
	CONSTRAINT "id_map_entity_pg_id_uq" UNIQUE("entity","pg_id"),
	CONSTRAINT "id_map_legacy_object_id_hex" CHECK ("id_map"."legacy_object_id" ~ '^[0-9a-f]{24}$')
);
--> statement-breakpoint
CREATE TABLE "pg_dualwrite_gaps" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pg_dualwrite_gaps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"domain" text NOT NULL,
	"method" text NOT NULL,
	"entity_id" text,
	"args" jsonb NOT NULL,
	"error_code" text NOT NULL,
	"error_message" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "addresses" ADD CONSTRAINT "addresses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_parent_id_categories_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds_ledger_entries" ADD CONSTRAINT "funds_ledger_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funds_ledger_entries" ADD CONSTRAINT "funds_ledger_entries_payment_fk" FOREIGN KEY ("payment_id","user_id","currency") REFERENCES "public"."payments"("id","user_id","currency") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "addresses_user_id_idx" ON "addresses" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "addresses_one_primary_per_user" ON "addresses" USING btree ("user_id") WHERE "addresses"."is_primary";--> statement-breakpoint
CREATE UNIQUE INDEX "categories_active_name_norm_uq" ON "categories" USING btree (lower(btrim("name") COLLATE "C")) WHERE "categories"."is_active";--> statement-breakpoint
CREATE INDEX "funds_ledger_entries_payment_idx" ON "funds_ledger_entries" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "funds_ledger_entries_user_currency_idx" ON "funds_ledger_entries" USING btree ("user_id","currency");--> statement-breakpoint
CREATE INDEX "payments_user_id_idx" ON "payments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "pg_dualwrite_gaps_open_idx" ON "pg_dualwrite_gaps" USING btree ("created_at") WHERE "pg_dualwrite_gaps"."resolved_at" IS NULL;