CREATE TABLE "pg_shadow_read_counts" (
	"domain" text NOT NULL,
	"method" text NOT NULL,
	"outcome" text NOT NULL,
	"rule" text DEFAULT '' NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pg_shadow_read_counts_pk" PRIMARY KEY("domain","method","outcome","rule"),
	CONSTRAINT "pg_shadow_read_counts_outcome" CHECK ("pg_shadow_read_counts"."outcome" IN ('match', 'mismatch', 'ignored', 'error')),
	CONSTRAINT "pg_shadow_read_counts_count" CHECK ("pg_shadow_read_counts"."count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "pg_shadow_read_mismatches" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pg_shadow_read_mismatches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"domain" text NOT NULL,
	"method" text NOT NULL,
	"args" jsonb NOT NULL,
	"primary_answer" jsonb NOT NULL,
	"mirror_answer" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "pg_shadow_read_mismatches_domain_idx" ON "pg_shadow_read_mismatches" USING btree ("domain","created_at");