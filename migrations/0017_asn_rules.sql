CREATE TABLE "asn_rules" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"suppliers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"docks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"min_lead_minutes" integer NOT NULL,
	"max_days_ahead" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "asn_rules" ADD CONSTRAINT "asn_rules_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;