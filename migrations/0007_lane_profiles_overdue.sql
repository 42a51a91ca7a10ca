ALTER TABLE "shipments" ADD COLUMN "eta_overdue" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "site_arrival_profiles" ADD COLUMN "lane" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "site_arrival_profiles" DROP CONSTRAINT "site_arrival_profiles_pkey";--> statement-breakpoint
ALTER TABLE "site_arrival_profiles" ADD CONSTRAINT "site_arrival_profiles_site_id_lane_pk" PRIMARY KEY("site_id","lane");
