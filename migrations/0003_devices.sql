CREATE TABLE "rejected_pings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rejected_pings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"device_id" uuid NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"accuracy" double precision,
	"reason" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracking_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"device_id" uuid NOT NULL,
	"shipment_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "protocol" text;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "battery_level" double precision;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "battery_charging" boolean;--> statement-breakpoint
ALTER TABLE "pings" ADD COLUMN "attributes" jsonb;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "approach_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "approach_fixes" integer;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "departure_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "departure_fixes" integer;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "departed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rejected_pings" ADD CONSTRAINT "rejected_pings_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_links" ADD CONSTRAINT "tracking_links_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_links" ADD CONSTRAINT "tracking_links_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rejected_pings_device_idx" ON "rejected_pings" USING btree ("device_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_links_token_hash_key" ON "tracking_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "tracking_links_shipment_idx" ON "tracking_links" USING btree ("shipment_id");