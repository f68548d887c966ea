CREATE TYPE "public"."dispute_reason" AS ENUM('not_received', 'not_as_described', 'unauthorized', 'duplicate', 'other');--> statement-breakpoint
CREATE TYPE "public"."dispute_status" AS ENUM('open', 'under_review', 'resolved_buyer', 'resolved_seller', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."blog_post_status" AS ENUM('draft', 'published', 'archived');--> statement-breakpoint
CREATE TYPE "public"."chat_message_kind" AS ENUM('user', 'system');--> statement-breakpoint
CREATE TABLE "disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"payment_id" uuid NOT NULL,
	"opened_by" uuid NOT NULL,
	"reason" "dispute_reason" NOT NULL,
	"description" text NOT NULL,
	"status" "dispute_status" DEFAULT 'open' NOT NULL,
	"resolution_note" text,
	"evidence" jsonb,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"resolved_at" timestamp (3) with time zone,
	CONSTRAINT "disputes_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "disputes_legacy_object_id_hex" CHECK ("disputes"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "disputes_description_text" CHECK (btrim("disputes"."description") <> '' AND char_length("disputes"."description") <= 2000),
	CONSTRAINT "disputes_resolution_note_length" CHECK (char_length("disputes"."resolution_note") <= 2000),
	CONSTRAINT "disputes_resolved_at_iff_resolved" CHECK (("disputes"."status" IN ('resolved_buyer', 'resolved_seller')) = ("disputes"."resolved_at" IS NOT NULL)),
	CONSTRAINT "disputes_evidence_not_null" CHECK (jsonb_typeof("disputes"."evidence") <> 'null')
);
--> statement-breakpoint
CREATE TABLE "blog_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"author_id" uuid NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" "blog_post_status" DEFAULT 'draft' NOT NULL,
	"published_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "blog_posts_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "blog_posts_slug_unique" UNIQUE("slug"),
	CONSTRAINT "blog_posts_legacy_object_id_hex" CHECK ("blog_posts"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "blog_posts_slug_kebab" CHECK ("blog_posts"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length("blog_posts"."slug") <= 100),
	CONSTRAINT "blog_posts_title_text" CHECK (btrim("blog_posts"."title") <> '' AND char_length("blog_posts"."title") <= 200),
	CONSTRAINT "blog_posts_body_text" CHECK (btrim("blog_posts"."body") <> '' AND char_length("blog_posts"."body") <= 20000),
	CONSTRAINT "blog_posts_tags_count" CHECK (cardinality("blog_posts"."tags") <= 10 AND array_position("blog_posts"."tags", NULL) IS NULL),
	CONSTRAINT "blog_posts_published_has_time" CHECK ("blog_posts"."status" <> 'published' OR "blog_posts"."published_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "chat_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"chat_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" "chat_message_kind" NOT NULL,
	"sender_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "chat_messages_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "chat_messages_chat_seq_uq" UNIQUE("chat_id","seq"),
	CONSTRAINT "chat_messages_legacy_object_id_hex" CHECK ("chat_messages"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "chat_messages_seq_positive" CHECK ("chat_messages"."seq" >= 1),
	CONSTRAINT "chat_messages_sender_matches_kind" CHECK (("chat_messages"."kind" = 'system') = ("chat_messages"."sender_id" IS NULL)),
	CONSTRAINT "chat_messages_body_text" CHECK (btrim("chat_messages"."body") <> '' AND char_length("chat_messages"."body") <= 4000)
);
--> statement-breakpoint
CREATE TABLE "chat_participants" (
	"chat_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "chat_participants_pk" PRIMARY KEY("chat_id","user_id"),
	CONSTRAINT "chat_participants_position_uq" UNIQUE("chat_id","position"),
	CONSTRAINT "chat_participants_position_range" CHECK ("chat_participants"."position" >= 0)
);
--> statement-breakpoint
CREATE TABLE "chats" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"purchase_request_ref" text,
	"last_message_at" timestamp (3) with time zone,
	"created_seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "chats_created_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "chats_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "chats_legacy_object_id_hex" CHECK ("chats"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "chats_purchase_request_ref_length" CHECK (char_length("chats"."purchase_request_ref") <= 64)
);
--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blog_posts" ADD CONSTRAINT "blog_posts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_sender_id_users_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_sender_participant_fk" FOREIGN KEY ("chat_id","sender_id") REFERENCES "public"."chat_participants"("chat_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_participants" ADD CONSTRAINT "chat_participants_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_participants" ADD CONSTRAINT "chat_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disputes_payment_idx" ON "disputes" USING btree ("payment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disputes_unresolved_per_payment" ON "disputes" USING btree ("payment_id") WHERE "disputes"."status" IN ('open', 'under_review');--> statement-breakpoint
CREATE INDEX "blog_posts_author_idx" ON "blog_posts" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "blog_posts_published_idx" ON "blog_posts" USING btree ("status","published_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "chat_messages_sender_idx" ON "chat_messages" USING btree ("sender_id");--> statement-breakpoint
CREATE INDEX "chat_participants_user_idx" ON "chat_participants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "chats_recent_idx" ON "chats" USING btree ("last_message_at" DESC NULLS LAST,"created_at" DESC NULLS LAST,"created_seq" DESC NULLS LAST);