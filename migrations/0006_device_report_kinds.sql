ALTER TABLE "devices" ADD COLUMN "last_fix_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "last_heartbeat_at" timestamp with time zone;