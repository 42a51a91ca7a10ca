CREATE TABLE "disruption_notices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cause" text NOT NULL,
	"effect" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"site_ids" jsonb NOT NULL,
	"skus" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"text" text NOT NULL,
	"partner_type" text NOT NULL,
	"partner_id" text NOT NULL,
	"partner_name" text NOT NULL,
	"author_side" text NOT NULL,
	"author_name" text NOT NULL,
	"author_actor" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"acks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"replies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "disruption_notices_by_partner" ON "disruption_notices" USING btree ("partner_type","partner_id","created_at");--> statement-breakpoint
CREATE INDEX "disruption_notices_by_created" ON "disruption_notices" USING btree ("created_at");