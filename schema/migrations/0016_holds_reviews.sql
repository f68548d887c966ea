CREATE TYPE "public"."release_hold_reason" AS ENUM('dispute', 'delivery_unconfirmed', 'fraud_review', 'manual', 'other');--> statement-breakpoint
CREATE TYPE "public"."release_hold_status" AS ENUM('active', 'released', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."review_status" AS ENUM('pending', 'published', 'hidden');--> statement-breakpoint
CREATE TABLE "release_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "release_holds_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"payment_id" uuid NOT NULL,
	"purchase_request_id" uuid NOT NULL,
	"placed_by" uuid NOT NULL,
	"reason" "release_hold_reason" NOT NULL,
	"status" "release_hold_status" DEFAULT 'active' NOT NULL,
	"placed_at" timestamp (3) with time zone NOT NULL,
	"released_at" timestamp (3) with time zone,
	"release_note" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "release_holds_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "release_holds_legacy_object_id_hex" CHECK ("release_holds"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "release_holds_released_at_iff_ended" CHECK (("release_holds"."status" <> 'active') = ("release_holds"."released_at" IS NOT NULL)),
	CONSTRAINT "release_holds_released_after_placed" CHECK ("release_holds"."released_at" >= "release_holds"."placed_at"),
	CONSTRAINT "release_holds_release_note_length" CHECK (char_length("release_holds"."release_note") <= 1000)
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"legacy_object_id" varchar(24),
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "reviews_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"purchase_request_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"seller_id" uuid NOT NULL,
	"rating" smallint NOT NULL,
	"comment" text,
	"status" "review_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"published_at" timestamp (3) with time zone,
	CONSTRAINT "reviews_legacy_object_id_unique" UNIQUE("legacy_object_id"),
	CONSTRAINT "reviews_legacy_object_id_hex" CHECK ("reviews"."legacy_object_id" ~ '^[0-9a-f]{24}$'),
	CONSTRAINT "reviews_rating_range" CHECK ("reviews"."rating" BETWEEN 1 AND 5),
	CONSTRAINT "reviews_comment_length" CHECK (char_length("reviews"."comment") <= 2000),
	CONSTRAINT "reviews_not_self" CHECK ("reviews"."reviewer_id" <> "reviews"."seller_id"),
	CONSTRAINT "reviews_published_has_time" CHECK ("reviews"."status" <> 'published' OR "reviews"."published_at" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "release_holds" ADD CONSTRAINT "release_holds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_holds" ADD CONSTRAINT "release_holds_purchase_request_id_purchase_requests_id_fk" FOREIGN KEY ("purchase_request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_holds" ADD CONSTRAINT "release_holds_placed_by_users_id_fk" FOREIGN KEY ("placed_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_purchase_request_id_purchase_requests_id_fk" FOREIGN KEY ("purchase_request_id") REFERENCES "public"."purchase_requests"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_seller_id_users_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "release_holds_active_per_payment" ON "release_holds" USING btree ("payment_id") WHERE "release_holds"."status" = 'active';--> statement-breakpoint
CREATE INDEX "release_holds_request_idx" ON "release_holds" USING btree ("purchase_request_id","placed_at","seq");--> statement-breakpoint
CREATE INDEX "release_holds_placed_by_idx" ON "release_holds" USING btree ("placed_by");--> statement-breakpoint
CREATE UNIQUE INDEX "reviews_reviewer_per_request" ON "reviews" USING btree ("purchase_request_id","reviewer_id");--> statement-breakpoint
CREATE INDEX "reviews_seller_published_idx" ON "reviews" USING btree ("seller_id","created_at","seq") WHERE "reviews"."status" = 'published';