CREATE TABLE "receipt_items" (
	"receipt_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"expected_quantity" double precision,
	"quantity" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "receipts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"shipment_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"previous_status" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"received_by" text NOT NULL,
	"undone_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "receipt_items" ADD CONSTRAINT "receipt_items_receipt_id_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."receipts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_event_id_status_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."status_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "receipt_items_receipt_sku_key" ON "receipt_items" USING btree ("receipt_id","sku");--> statement-breakpoint
CREATE INDEX "receipts_shipment_idx" ON "receipts" USING btree ("shipment_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_standing_key" ON "receipts" USING btree ("shipment_id") WHERE undone_at is null;