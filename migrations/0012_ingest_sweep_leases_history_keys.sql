CREATE TABLE "sweep_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "eta_history" DROP CONSTRAINT "eta_history_pkey";--> statement-breakpoint
ALTER TABLE "pings" DROP CONSTRAINT "pings_pkey";--> statement-breakpoint
ALTER TABLE "rejected_pings" DROP CONSTRAINT "rejected_pings_pkey";--> statement-breakpoint
ALTER TABLE "webhook_attempts" DROP CONSTRAINT "webhook_attempts_pkey";--> statement-breakpoint
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_pkey";--> statement-breakpoint
ALTER TABLE "eta_history" ADD CONSTRAINT "eta_history_pkey" PRIMARY KEY("id","at");--> statement-breakpoint
ALTER TABLE "pings" ADD CONSTRAINT "pings_pkey" PRIMARY KEY("id","ts");--> statement-breakpoint
ALTER TABLE "rejected_pings" ADD CONSTRAINT "rejected_pings_pkey" PRIMARY KEY("id","received_at");--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_pkey" PRIMARY KEY("id","at");--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_pkey" PRIMARY KEY("id","at");
