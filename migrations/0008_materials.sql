CREATE TABLE "material_demand" (
	"material_id" uuid NOT NULL,
	"from_ts" timestamp with time zone NOT NULL,
	"to_ts" timestamp with time zone NOT NULL,
	"quantity" double precision NOT NULL,
	CONSTRAINT "material_demand_material_id_from_ts_pk" PRIMARY KEY("material_id","from_ts")
);
--> statement-breakpoint
CREATE TABLE "materials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"unit" text DEFAULT 'pcs' NOT NULL,
	"safety_stock_quantity" double precision,
	"safety_stock_hours" double precision,
	"suppliers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"line" text,
	"stock_quantity" double precision,
	"stock_counted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "material_demand" ADD CONSTRAINT "material_demand_material_id_materials_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."materials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "materials" ADD CONSTRAINT "materials_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "materials_site_sku" ON "materials" USING btree ("site_id","sku");