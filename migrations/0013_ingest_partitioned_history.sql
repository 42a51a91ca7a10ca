-- History tables partitioned by time (PostgreSQL declarative partitioning; drizzle-kit cannot
-- express PARTITION BY, so this migration is written by hand around the primary keys that
-- 0012_ingest_sweep_leases_history_keys generated; its snapshot is 0012's). Each table is rebuilt as a
-- partitioned table with the same columns, its rows copied into the DEFAULT partition; the server
-- then adds day or month partitions ahead of time, moves rows out of DEFAULT into the partitions it
-- creates, and drops partitions past retention. Nothing references these tables by key, so no
-- foreign key elsewhere changes; their own foreign keys are made again below.
ALTER TABLE "pings" RENAME TO "pings_unpartitioned";--> statement-breakpoint
ALTER TABLE "pings_unpartitioned" RENAME CONSTRAINT "pings_pkey" TO "pings_unpartitioned_pkey";--> statement-breakpoint
ALTER INDEX "pings_device_ts_key" RENAME TO "pings_device_ts_key_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "pings_id_seq" RENAME TO "pings_unpartitioned_id_seq";--> statement-breakpoint
CREATE TABLE "pings" (LIKE "pings_unpartitioned" INCLUDING DEFAULTS INCLUDING IDENTITY, CONSTRAINT "pings_pkey" PRIMARY KEY ("id", "ts")) PARTITION BY RANGE ("ts");--> statement-breakpoint
CREATE TABLE "pings_default" PARTITION OF "pings" DEFAULT;--> statement-breakpoint
INSERT INTO "pings" OVERRIDING SYSTEM VALUE SELECT * FROM "pings_unpartitioned";--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('"pings"', 'id'), coalesce((SELECT max("id") FROM "pings"), 0) + 1, false);--> statement-breakpoint
DROP TABLE "pings_unpartitioned";--> statement-breakpoint
CREATE UNIQUE INDEX "pings_device_ts_key" ON "pings" USING btree ("device_id","ts");--> statement-breakpoint
ALTER TABLE "pings" ADD CONSTRAINT "pings_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rejected_pings" RENAME TO "rejected_pings_unpartitioned";--> statement-breakpoint
ALTER TABLE "rejected_pings_unpartitioned" RENAME CONSTRAINT "rejected_pings_pkey" TO "rejected_pings_unpartitioned_pkey";--> statement-breakpoint
ALTER INDEX "rejected_pings_device_idx" RENAME TO "rejected_pings_device_idx_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "rejected_pings_id_seq" RENAME TO "rejected_pings_unpartitioned_id_seq";--> statement-breakpoint
CREATE TABLE "rejected_pings" (LIKE "rejected_pings_unpartitioned" INCLUDING DEFAULTS INCLUDING IDENTITY, CONSTRAINT "rejected_pings_pkey" PRIMARY KEY ("id", "received_at")) PARTITION BY RANGE ("received_at");--> statement-breakpoint
CREATE TABLE "rejected_pings_default" PARTITION OF "rejected_pings" DEFAULT;--> statement-breakpoint
INSERT INTO "rejected_pings" OVERRIDING SYSTEM VALUE SELECT * FROM "rejected_pings_unpartitioned";--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('"rejected_pings"', 'id'), coalesce((SELECT max("id") FROM "rejected_pings"), 0) + 1, false);--> statement-breakpoint
DROP TABLE "rejected_pings_unpartitioned";--> statement-breakpoint
CREATE INDEX "rejected_pings_device_idx" ON "rejected_pings" USING btree ("device_id","received_at");--> statement-breakpoint
ALTER TABLE "rejected_pings" ADD CONSTRAINT "rejected_pings_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_history" RENAME TO "eta_history_unpartitioned";--> statement-breakpoint
ALTER TABLE "eta_history_unpartitioned" RENAME CONSTRAINT "eta_history_pkey" TO "eta_history_unpartitioned_pkey";--> statement-breakpoint
ALTER INDEX "eta_history_shipment_idx" RENAME TO "eta_history_shipment_idx_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "eta_history_id_seq" RENAME TO "eta_history_unpartitioned_id_seq";--> statement-breakpoint
CREATE TABLE "eta_history" (LIKE "eta_history_unpartitioned" INCLUDING DEFAULTS INCLUDING IDENTITY, CONSTRAINT "eta_history_pkey" PRIMARY KEY ("id", "at")) PARTITION BY RANGE ("at");--> statement-breakpoint
CREATE TABLE "eta_history_default" PARTITION OF "eta_history" DEFAULT;--> statement-breakpoint
INSERT INTO "eta_history" OVERRIDING SYSTEM VALUE SELECT * FROM "eta_history_unpartitioned";--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('"eta_history"', 'id'), coalesce((SELECT max("id") FROM "eta_history"), 0) + 1, false);--> statement-breakpoint
DROP TABLE "eta_history_unpartitioned";--> statement-breakpoint
CREATE INDEX "eta_history_shipment_idx" ON "eta_history" USING btree ("shipment_id","at");--> statement-breakpoint
ALTER TABLE "eta_history" ADD CONSTRAINT "eta_history_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" RENAME TO "webhook_attempts_unpartitioned";--> statement-breakpoint
ALTER TABLE "webhook_attempts_unpartitioned" RENAME CONSTRAINT "webhook_attempts_pkey" TO "webhook_attempts_unpartitioned_pkey";--> statement-breakpoint
ALTER INDEX "webhook_attempts_delivery_idx" RENAME TO "webhook_attempts_delivery_idx_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "webhook_attempts_id_seq" RENAME TO "webhook_attempts_unpartitioned_id_seq";--> statement-breakpoint
CREATE TABLE "webhook_attempts" (LIKE "webhook_attempts_unpartitioned" INCLUDING DEFAULTS INCLUDING IDENTITY, CONSTRAINT "webhook_attempts_pkey" PRIMARY KEY ("id", "at")) PARTITION BY RANGE ("at");--> statement-breakpoint
CREATE TABLE "webhook_attempts_default" PARTITION OF "webhook_attempts" DEFAULT;--> statement-breakpoint
INSERT INTO "webhook_attempts" OVERRIDING SYSTEM VALUE SELECT * FROM "webhook_attempts_unpartitioned";--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('"webhook_attempts"', 'id'), coalesce((SELECT max("id") FROM "webhook_attempts"), 0) + 1, false);--> statement-breakpoint
DROP TABLE "webhook_attempts_unpartitioned";--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts" USING btree ("delivery_id","at");--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" RENAME TO "audit_log_unpartitioned";--> statement-breakpoint
ALTER TABLE "audit_log_unpartitioned" RENAME CONSTRAINT "audit_log_pkey" TO "audit_log_unpartitioned_pkey";--> statement-breakpoint
ALTER INDEX "audit_log_at_idx" RENAME TO "audit_log_at_idx_unpartitioned";--> statement-breakpoint
ALTER INDEX "audit_log_actor_idx" RENAME TO "audit_log_actor_idx_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "audit_log_id_seq" RENAME TO "audit_log_unpartitioned_id_seq";--> statement-breakpoint
CREATE TABLE "audit_log" (LIKE "audit_log_unpartitioned" INCLUDING DEFAULTS INCLUDING IDENTITY, CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id", "at")) PARTITION BY RANGE ("at");--> statement-breakpoint
CREATE TABLE "audit_log_default" PARTITION OF "audit_log" DEFAULT;--> statement-breakpoint
INSERT INTO "audit_log" OVERRIDING SYSTEM VALUE SELECT * FROM "audit_log_unpartitioned";--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('"audit_log"', 'id'), coalesce((SELECT max("id") FROM "audit_log"), 0) + 1, false);--> statement-breakpoint
DROP TABLE "audit_log_unpartitioned";--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor","at");
