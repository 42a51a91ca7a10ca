ALTER TABLE "alert_changes" ALTER COLUMN "shipment_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "shipment_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "material_id" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "details" jsonb;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "alert_watch" jsonb;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_material_id_materials_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."materials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_open_per_material" ON "alerts" USING btree ("material_id","slot") WHERE state <> 'resolved' and material_id is not null;