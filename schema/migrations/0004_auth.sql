CREATE TABLE "telegram_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"user_id" uuid NOT NULL,
	"telegram_user_id" bigint NOT NULL,
	"username" text,
	"linked_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "telegram_links_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "telegram_links_legacy_object_id_hex" CHECK ("telegram_links"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "telegram_links_telegram_user_id_positive" CHECK ("telegram_links"."telegram_user_id" > 0),
	CONSTRAINT "telegram_links_username_shape" CHECK ("telegram_links"."username" ~ '^[A-Za-z0-9_]{1,32}$')
);
--> statement-breakpoint
CREATE TABLE "telegram_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"telegram_user_id" bigint NOT NULL,
	"user_id" uuid,
	"session_hash" text NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "telegram_sessions_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "telegram_sessions_session_hash_unique" UNIQUE("session_hash"),
	CONSTRAINT "telegram_sessions_legacy_object_id_hex" CHECK ("telegram_sessions"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "telegram_sessions_session_hash_sha256" CHECK ("telegram_sessions"."session_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "telegram_sessions_telegram_user_id_positive" CHECK ("telegram_sessions"."telegram_user_id" > 0)
);
--> statement-breakpoint
CREATE TABLE "user_passkeys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"user_id" uuid NOT NULL,
	"credential_id" text NOT NULL,
	"public_key" text NOT NULL,
	"sign_count" bigint DEFAULT 0 NOT NULL,
	"transports" text[] DEFAULT '{}'::text[] NOT NULL,
	"name" text,
	"last_used_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "user_passkeys_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "user_passkeys_credential_id_unique" UNIQUE("credential_id"),
	CONSTRAINT "user_passkeys_legacy_object_id_hex" CHECK ("user_passkeys"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "user_passkeys_credential_id_base64url" CHECK ("user_passkeys"."credential_id" ~ '^[A-Za-z0-9_-]+$' AND char_length("user_passkeys"."credential_id") <= 1364),
	CONSTRAINT "user_passkeys_public_key_base64url" CHECK ("user_passkeys"."public_key" ~ '^[A-Za-z0-9_-]+$' AND char_length("user_passkeys"."public_key") <= 4096),
	CONSTRAINT "user_passkeys_sign_count_range" CHECK ("user_passkeys"."sign_count" >= 0 AND "user_passkeys"."sign_count" <= 4294967295),
	CONSTRAINT "user_passkeys_transports_shape" CHECK (coalesce(array_ndims("user_passkeys"."transports"), 1) = 1 AND array_position("user_passkeys"."transports", NULL) IS NULL AND cardinality("user_passkeys"."transports") <= 8 AND array_to_string("user_passkeys"."transports", ',') ~ '^([a-z][a-z-]{0,31}(,|$))*$'),
	CONSTRAINT "user_passkeys_name_length" CHECK (char_length("user_passkeys"."name") <= 100)
);
--> statement-breakpoint
CREATE TABLE "user_refresh_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"revoked_at" timestamp (3) with time zone,
	"replaced_by" uuid,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "user_refresh_tokens_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "user_refresh_tokens_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "user_refresh_tokens_legacy_object_id_hex" CHECK ("user_refresh_tokens"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "user_refresh_tokens_token_hash_sha256" CHECK ("user_refresh_tokens"."token_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "user_refresh_tokens_replaced_means_revoked" CHECK ("user_refresh_tokens"."replaced_by" IS NULL OR "user_refresh_tokens"."revoked_at" IS NOT NULL),
	CONSTRAINT "user_refresh_tokens_not_own_successor" CHECK ("user_refresh_tokens"."replaced_by" IS NULL OR "user_refresh_tokens"."replaced_by" <> "user_refresh_tokens"."id")
);
--> statement-breakpoint
ALTER TABLE "telegram_links" ADD CONSTRAINT "telegram_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telegram_sessions" ADD CONSTRAINT "telegram_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_passkeys" ADD CONSTRAINT "user_passkeys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_refresh_tokens" ADD CONSTRAINT "user_refresh_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_refresh_tokens" ADD CONSTRAINT "user_refresh_tokens_replaced_by_user_refresh_tokens_id_fk" FOREIGN KEY ("replaced_by") REFERENCES "public"."user_refresh_tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "telegram_links_user_id_unique" ON "telegram_links" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "telegram_links_telegram_user_id_unique" ON "telegram_links" USING btree ("telegram_user_id");--> statement-breakpoint
CREATE INDEX "telegram_sessions_user_id_idx" ON "telegram_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "telegram_sessions_expires_at_idx" ON "telegram_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "user_passkeys_user_id_idx" ON "user_passkeys" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "user_refresh_tokens_user_id_idx" ON "user_refresh_tokens" USING btree ("user_id");