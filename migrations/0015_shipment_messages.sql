CREATE TABLE "message_reads" (
	"shipment_id" uuid NOT NULL,
	"reader" text NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "message_reads_shipment_id_reader_pk" PRIMARY KEY("shipment_id","reader")
);
--> statement-breakpoint
CREATE TABLE "shipment_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"shipment_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"delay_minutes" integer,
	"reason" text,
	"sku" text,
	"quantity" double precision,
	"expected_quantity" double precision,
	"author_side" text NOT NULL,
	"author_name" text NOT NULL,
	"author_actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "message_reads" ADD CONSTRAINT "message_reads_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_messages" ADD CONSTRAINT "shipment_messages_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_messages" ADD CONSTRAINT "shipment_messages_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shipment_messages_by_shipment" ON "shipment_messages" USING btree ("shipment_id","created_at");