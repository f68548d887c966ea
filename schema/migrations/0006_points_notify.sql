CREATE TYPE "public"."point_kind" AS ENUM('purchase', 'referral', 'review', 'redeem', 'adjustment');--> statement-breakpoint
CREATE TABLE "point_transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "point_transactions_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" uuid NOT NULL,
	"amount" integer NOT NULL,
	"kind" "point_kind" NOT NULL,
	"reference" text,
	"idempotency_key" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "point_transactions_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "point_transactions_legacy_object_id_hex" CHECK ("point_transactions"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "point_transactions_amount_range" CHECK ("point_transactions"."amount" <> 0 AND abs("point_transactions"."amount") <= 1000000000),
	CONSTRAINT "point_transactions_amount_sign" CHECK (("point_transactions"."kind" = 'redeem') = ("point_transactions"."amount" < 0)),
	CONSTRAINT "point_transactions_reference_length" CHECK (char_length("point_transactions"."reference") <= 200),
	CONSTRAINT "point_transactions_idempotency_key_length" CHECK (char_length("point_transactions"."idempotency_key") BETWEEN 1 AND 100)
);
--> statement-breakpoint
CREATE TABLE "level_configs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"level" integer NOT NULL,
	"name" text NOT NULL,
	"threshold" integer NOT NULL,
	"perks" jsonb,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "level_configs_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "level_configs_level_unique" UNIQUE("level"),
	CONSTRAINT "level_configs_threshold_unique" UNIQUE("threshold"),
	CONSTRAINT "level_configs_legacy_object_id_hex" CHECK ("level_configs"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "level_configs_level_range" CHECK ("level_configs"."level" BETWEEN 1 AND 1000),
	CONSTRAINT "level_configs_threshold_range" CHECK ("level_configs"."threshold" BETWEEN 0 AND 2000000000),
	CONSTRAINT "level_configs_level_one_at_zero" CHECK (("level_configs"."level" = 1) = ("level_configs"."threshold" = 0)),
	CONSTRAINT "level_configs_name_length" CHECK (char_length("level_configs"."name") <= 100 AND btrim("level_configs"."name") <> ''),
	CONSTRAINT "level_configs_perks_not_null" CHECK ("level_configs"."perks" IS NULL OR jsonb_typeof("level_configs"."perks") <> 'null')
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "notifications_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" uuid NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"data" jsonb,
	"read_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "notifications_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "notifications_legacy_object_id_hex" CHECK ("notifications"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "notifications_type_shape" CHECK ("notifications"."type" ~ '^[a-z][a-z0-9_.]*$' AND char_length("notifications"."type") <= 50),
	CONSTRAINT "notifications_title_length" CHECK (char_length("notifications"."title") <= 200 AND btrim("notifications"."title") <> ''),
	CONSTRAINT "notifications_body_length" CHECK (char_length("notifications"."body") <= 2000 AND btrim("notifications"."body") <> ''),
	CONSTRAINT "notifications_data_not_null" CHECK ("notifications"."data" IS NULL OR jsonb_typeof("notifications"."data") <> 'null')
);
--> statement-breakpoint
ALTER TABLE "point_transactions" ADD CONSTRAINT "point_transactions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "point_transactions_user_idempotency_key_uq" ON "point_transactions" USING btree ("user_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "point_transactions_user_created_idx" ON "point_transactions" USING btree ("user_id","created_at","seq");--> statement-breakpoint
CREATE INDEX "notifications_user_created_idx" ON "notifications" USING btree ("user_id","created_at","seq");--> statement-breakpoint
CREATE INDEX "notifications_user_unread_idx" ON "notifications" USING btree ("user_id") WHERE "notifications"."read_at" IS NULL;