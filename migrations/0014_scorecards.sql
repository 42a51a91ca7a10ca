CREATE TABLE "loyalty_programmes" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"config" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_tier_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "partner_tier_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"site_id" uuid NOT NULL,
	"partner_kind" text NOT NULL,
	"partner_key" text NOT NULL,
	"from_tier" text,
	"to_tier" text,
	"score" double precision NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_tiers" (
	"site_id" uuid NOT NULL,
	"partner_kind" text NOT NULL,
	"partner_key" text NOT NULL,
	"tier" text,
	"score" double precision,
	"since" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "partner_tiers_site_id_partner_kind_partner_key_pk" PRIMARY KEY("site_id","partner_kind","partner_key")
);
--> statement-breakpoint
CREATE TABLE "scorecard_days" (
	"site_id" uuid NOT NULL,
	"partner_kind" text NOT NULL,
	"partner_key" text NOT NULL,
	"day" date NOT NULL,
	"loads" integer NOT NULL,
	"tally" jsonb NOT NULL,
	CONSTRAINT "scorecard_days_site_id_partner_kind_partner_key_day_pk" PRIMARY KEY("site_id","partner_kind","partner_key","day")
);
--> statement-breakpoint
CREATE TABLE "scorecard_loads" (
	"shipment_id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"carrier_id" uuid NOT NULL,
	"supplier" text NOT NULL,
	"day" date NOT NULL,
	"facts" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "loyalty_programmes" ADD CONSTRAINT "loyalty_programmes_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_tier_changes" ADD CONSTRAINT "partner_tier_changes_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_tiers" ADD CONSTRAINT "partner_tiers_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecard_days" ADD CONSTRAINT "scorecard_days_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecard_loads" ADD CONSTRAINT "scorecard_loads_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scorecard_loads" ADD CONSTRAINT "scorecard_loads_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "partner_tier_changes_partner_idx" ON "partner_tier_changes" USING btree ("partner_kind","partner_key","at");--> statement-breakpoint
CREATE INDEX "scorecard_days_partner_idx" ON "scorecard_days" USING btree ("partner_kind","partner_key","day");--> statement-breakpoint
CREATE INDEX "scorecard_loads_carrier_idx" ON "scorecard_loads" USING btree ("carrier_id","day");--> statement-breakpoint
CREATE INDEX "scorecard_loads_supplier_idx" ON "scorecard_loads" USING btree ("supplier","day");--> statement-breakpoint
CREATE INDEX "scorecard_loads_site_day_idx" ON "scorecard_loads" USING btree ("site_id","day");