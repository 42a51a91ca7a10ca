ALTER TABLE "materials" ADD COLUMN "cover_status" text;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "run_out_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "pessimistic_run_out_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "below_safety_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "late_causes_run_out" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "cover_evaluated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "next_check_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "materials_next_check" ON "materials" USING btree ("next_check_at");