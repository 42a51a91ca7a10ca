CREATE TABLE "demand_sharing" (
	"material_id" uuid NOT NULL,
	"supplier" text NOT NULL,
	"site_id" uuid NOT NULL,
	"share" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "demand_sharing_material_id_supplier_pk" PRIMARY KEY("material_id","supplier")
);
--> statement-breakpoint
CREATE TABLE "supplier_demand_seen" (
	"material_id" uuid NOT NULL,
	"supplier" text NOT NULL,
	"days" jsonb NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "supplier_demand_seen_material_id_supplier_pk" PRIMARY KEY("material_id","supplier")
);
--> statement-breakpoint
ALTER TABLE "demand_sharing" ADD CONSTRAINT "demand_sharing_material_id_materials_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."materials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_sharing" ADD CONSTRAINT "demand_sharing_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_demand_seen" ADD CONSTRAINT "supplier_demand_seen_material_id_materials_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."materials"("id") ON DELETE no action ON UPDATE no action;