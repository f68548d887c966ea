CREATE TABLE "shop_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"seller_id" uuid NOT NULL,
	"shop_name" text NOT NULL,
	"description" text,
	"reviews_enabled" boolean DEFAULT true NOT NULL,
	"payment_rails" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "shop_settings_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "shop_settings_seller_id_unique" UNIQUE("seller_id"),
	CONSTRAINT "shop_settings_legacy_object_id_hex" CHECK ("shop_settings"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "shop_settings_shop_name_length" CHECK (char_length("shop_settings"."shop_name") BETWEEN 1 AND 100 AND btrim("shop_settings"."shop_name") <> ''),
	CONSTRAINT "shop_settings_description_length" CHECK (char_length("shop_settings"."description") <= 1000),
	CONSTRAINT "shop_settings_payment_rails_array" CHECK (jsonb_typeof("shop_settings"."payment_rails") = 'array')
);
--> statement-breakpoint
CREATE TABLE "config_setting_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"setting_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"old_value" jsonb,
	"new_value" jsonb NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "config_setting_history_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "config_setting_history_setting_version_uq" UNIQUE("setting_id","version"),
	CONSTRAINT "config_setting_history_legacy_object_id_hex" CHECK ("config_setting_history"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "config_setting_history_version_positive" CHECK ("config_setting_history"."version" >= 1),
	CONSTRAINT "config_setting_history_old_value_iff_change" CHECK (("config_setting_history"."version" = 1) = ("config_setting_history"."old_value" IS NULL)),
	CONSTRAINT "config_setting_history_new_value_not_json_null" CHECK (jsonb_typeof("config_setting_history"."new_value") <> 'null')
);
--> statement-breakpoint
CREATE TABLE "config_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"description" text,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "config_settings_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "config_settings_key_unique" UNIQUE("key"),
	CONSTRAINT "config_settings_legacy_object_id_hex" CHECK ("config_settings"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "config_settings_key_shape" CHECK ("config_settings"."key" ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$' AND char_length("config_settings"."key") <= 100),
	CONSTRAINT "config_settings_value_not_json_null" CHECK (jsonb_typeof("config_settings"."value") <> 'null'),
	CONSTRAINT "config_settings_description_length" CHECK (char_length("config_settings"."description") <= 500),
	CONSTRAINT "config_settings_version_positive" CHECK ("config_settings"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "request_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"owner_id" uuid NOT NULL,
	"category_id" uuid,
	"title" text NOT NULL,
	"fields" jsonb NOT NULL,
	"max_usage" integer,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "request_templates_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "request_templates_legacy_object_id_hex" CHECK ("request_templates"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "request_templates_title_length" CHECK (char_length("request_templates"."title") BETWEEN 1 AND 200 AND btrim("request_templates"."title") <> ''),
	CONSTRAINT "request_templates_fields_not_json_null" CHECK (jsonb_typeof("request_templates"."fields") <> 'null'),
	CONSTRAINT "request_templates_max_usage_positive" CHECK ("request_templates"."max_usage" >= 1),
	CONSTRAINT "request_templates_usage_count_nonnegative" CHECK ("request_templates"."usage_count" >= 0),
	CONSTRAINT "request_templates_usage_within_max" CHECK ("request_templates"."max_usage" IS NULL OR "request_templates"."usage_count" <= "request_templates"."max_usage")
);
--> statement-breakpoint
ALTER TABLE "shop_settings" ADD CONSTRAINT "shop_settings_seller_id_users_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "config_setting_history" ADD CONSTRAINT "config_setting_history_setting_id_config_settings_id_fk" FOREIGN KEY ("setting_id") REFERENCES "public"."config_settings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "config_setting_history" ADD CONSTRAINT "config_setting_history_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "config_settings" ADD CONSTRAINT "config_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_templates" ADD CONSTRAINT "request_templates_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_templates" ADD CONSTRAINT "request_templates_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "config_setting_history_changed_by_idx" ON "config_setting_history" USING btree ("changed_by");--> statement-breakpoint
CREATE INDEX "request_templates_owner_idx" ON "request_templates" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "request_templates_category_idx" ON "request_templates" USING btree ("category_id");