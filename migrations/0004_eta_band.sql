CREATE TABLE "alert_watches" (
	"shipment_id" uuid PRIMARY KEY NOT NULL,
	"watch" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_arrival_profiles" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"road_factor" double precision NOT NULL,
	"pace" double precision NOT NULL,
	"samples" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "eta_estimator" jsonb;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "eta_earliest" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "eta_latest" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alert_watches" ADD CONSTRAINT "alert_watches_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_arrival_profiles" ADD CONSTRAINT "site_arrival_profiles_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;