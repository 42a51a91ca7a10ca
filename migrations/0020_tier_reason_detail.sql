ALTER TABLE "partner_tier_changes" ADD COLUMN "reason_detail" jsonb;--> statement-breakpoint
ALTER TABLE "partner_tiers" ADD COLUMN "reason_detail" jsonb;