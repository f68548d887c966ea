CREATE TYPE "public"."chain_network" AS ENUM('ethereum', 'tron', 'bitcoin', 'polygon', 'bsc');--> statement-breakpoint
CREATE TYPE "public"."derived_destination_status" AS ENUM('active', 'swept', 'retired');--> statement-breakpoint
CREATE TYPE "public"."derived_destination_sweep_status" AS ENUM('pending', 'confirmed', 'failed');--> statement-breakpoint
CREATE TABLE "payment_quotes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"payment_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"base_currency" "currency" NOT NULL,
	"quote_currency" "currency" NOT NULL,
	"rate" numeric(38, 18) NOT NULL,
	"amount" numeric(38, 18) NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"raw" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "payment_quotes_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	CONSTRAINT "payment_quotes_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "payment_quotes_legacy_object_id_hex" CHECK ("payment_quotes"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "payment_quotes_amount_positive" CHECK ("payment_quotes"."amount" > 0),
	CONSTRAINT "payment_quotes_amount_scale" CHECK ("payment_quotes"."amount" = round("payment_quotes"."amount", CASE "payment_quotes"."quote_currency" WHEN 'USDT' THEN 6 WHEN 'USDC' THEN 6 WHEN 'ETH' THEN 18 WHEN 'BTC' THEN 8 WHEN 'TRY' THEN 2 END)),
	CONSTRAINT "payment_quotes_rate_positive" CHECK ("payment_quotes"."rate" > 0),
	CONSTRAINT "payment_quotes_provider_text" CHECK (btrim("payment_quotes"."provider") <> '' AND char_length("payment_quotes"."provider") <= 50),
	CONSTRAINT "payment_quotes_raw_not_json_null" CHECK (jsonb_typeof("payment_quotes"."raw") <> 'null')
);
--> statement-breakpoint
CREATE TABLE "derived_destination_sweeps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"destination_id" uuid NOT NULL,
	"currency" "currency" NOT NULL,
	"amount" numeric(38, 18) NOT NULL,
	"tx_hash" text NOT NULL,
	"status" "derived_destination_sweep_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "derived_destination_sweeps_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	CONSTRAINT "derived_destination_sweeps_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "derived_destination_sweeps_legacy_object_id_hex" CHECK ("derived_destination_sweeps"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "derived_destination_sweeps_amount_positive" CHECK ("derived_destination_sweeps"."amount" > 0),
	CONSTRAINT "derived_destination_sweeps_amount_scale" CHECK ("derived_destination_sweeps"."amount" = round("derived_destination_sweeps"."amount", CASE "derived_destination_sweeps"."currency" WHEN 'USDT' THEN 6 WHEN 'USDC' THEN 6 WHEN 'ETH' THEN 18 WHEN 'BTC' THEN 8 WHEN 'TRY' THEN 2 END)),
	CONSTRAINT "derived_destination_sweeps_tx_hash_shape" CHECK ("derived_destination_sweeps"."tx_hash" ~ '^(0x)?[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "derived_destinations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"user_id" uuid NOT NULL,
	"payment_id" uuid,
	"currency" "currency" NOT NULL,
	"network" "chain_network" NOT NULL,
	"address" text NOT NULL,
	"derivation_path" text NOT NULL,
	"status" "derived_destination_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "derived_destinations_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	CONSTRAINT "derived_destinations_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "derived_destinations_id_currency_uq" UNIQUE("id","currency"),
	CONSTRAINT "derived_destinations_legacy_object_id_hex" CHECK ("derived_destinations"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "derived_destinations_address_shape" CHECK ("derived_destinations"."address" ~ '^[0-9A-Za-z]{8,128}$'),
	CONSTRAINT "derived_destinations_derivation_path_shape" CHECK ("derived_destinations"."derivation_path" ~ '^m(/(0|[1-9][0-9]{0,9})''?){1,10}$')
);
--> statement-breakpoint
CREATE TABLE "trezor_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"user_id" uuid NOT NULL,
	"xpub" text NOT NULL,
	"label" text,
	"network" "chain_network" NOT NULL,
	"next_index" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "trezor_accounts_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	CONSTRAINT "trezor_accounts_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "trezor_accounts_legacy_object_id_hex" CHECK ("trezor_accounts"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "trezor_accounts_xpub_shape" CHECK ("trezor_accounts"."xpub" ~ '^(xpub|ypub|zpub|tpub|upub|vpub)[1-9A-HJ-NP-Za-km-z]{107}$'),
	CONSTRAINT "trezor_accounts_label_length" CHECK (char_length("trezor_accounts"."label") <= 50),
	CONSTRAINT "trezor_accounts_next_index_range" CHECK ("trezor_accounts"."next_index" BETWEEN 0 AND 2147483648)
);
--> statement-breakpoint
CREATE TABLE "trezor_derived_addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"account_id" uuid NOT NULL,
	"index" integer NOT NULL,
	"address" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "trezor_derived_addresses_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "trezor_derived_addresses_account_index_uq" UNIQUE("account_id","index"),
	CONSTRAINT "trezor_derived_addresses_legacy_object_id_hex" CHECK ("trezor_derived_addresses"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "trezor_derived_addresses_index_range" CHECK ("trezor_derived_addresses"."index" >= 0)
);
--> statement-breakpoint
ALTER TABLE "payment_quotes" ADD CONSTRAINT "payment_quotes_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "derived_destination_sweeps" ADD CONSTRAINT "derived_destination_sweeps_destination_fk" FOREIGN KEY ("destination_id","currency") REFERENCES "public"."derived_destinations"("id","currency") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "derived_destinations" ADD CONSTRAINT "derived_destinations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "derived_destinations" ADD CONSTRAINT "derived_destinations_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trezor_accounts" ADD CONSTRAINT "trezor_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trezor_derived_addresses" ADD CONSTRAINT "trezor_derived_addresses_account_id_trezor_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."trezor_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_quotes_payment_idx" ON "payment_quotes" USING btree ("payment_id","created_at","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "derived_destination_sweeps_tx_hash_uq" ON "derived_destination_sweeps" USING btree ("tx_hash");--> statement-breakpoint
CREATE INDEX "derived_destination_sweeps_destination_idx" ON "derived_destination_sweeps" USING btree ("destination_id","created_at","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "derived_destinations_address_uq" ON "derived_destinations" USING btree ("address");--> statement-breakpoint
CREATE UNIQUE INDEX "derived_destinations_derivation_path_uq" ON "derived_destinations" USING btree ("derivation_path");--> statement-breakpoint
CREATE INDEX "derived_destinations_user_idx" ON "derived_destinations" USING btree ("user_id","created_at","seq");--> statement-breakpoint
CREATE INDEX "derived_destinations_payment_idx" ON "derived_destinations" USING btree ("payment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "trezor_accounts_xpub_uq" ON "trezor_accounts" USING btree ("xpub");--> statement-breakpoint
CREATE INDEX "trezor_accounts_user_idx" ON "trezor_accounts" USING btree ("user_id","created_at","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "trezor_derived_addresses_address_uq" ON "trezor_derived_addresses" USING btree ("address");