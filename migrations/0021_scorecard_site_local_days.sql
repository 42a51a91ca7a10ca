CREATE TABLE "scorecard_stale_days" (
	"site_id" uuid NOT NULL,
	"partner_kind" text NOT NULL,
	"partner_key" text NOT NULL,
	"day" date NOT NULL,
	CONSTRAINT "scorecard_stale_days_site_id_partner_kind_partner_key_day_pk" PRIMARY KEY("site_id","partner_kind","partner_key","day")
);
--> statement-breakpoint
ALTER TABLE "scorecard_stale_days" ADD CONSTRAINT "scorecard_stale_days_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Loads counted for the UTC day of their window start move to the site's local day; the rollup
-- rows they leave and join are queued, and the server recomputes them (the tallies are computed
-- in the application, so they cannot be rebuilt here).
WITH moved AS (
	SELECT l.shipment_id, l.site_id, l.carrier_id, l.supplier, l.day AS old_day, (s.window_start AT TIME ZONE t.timezone)::date AS new_day
	FROM scorecard_loads l
	JOIN shipments s ON s.id = l.shipment_id
	JOIN sites t ON t.id = l.site_id
	WHERE (s.window_start AT TIME ZONE t.timezone)::date <> l.day
), updated AS (
	UPDATE scorecard_loads l
	SET day = m.new_day, facts = jsonb_set(l.facts, '{day}', to_jsonb(to_char(m.new_day, 'YYYY-MM-DD')))
	FROM moved m
	WHERE l.shipment_id = m.shipment_id
	RETURNING m.site_id, m.carrier_id, m.supplier, m.old_day, m.new_day
)
INSERT INTO scorecard_stale_days (site_id, partner_kind, partner_key, day)
SELECT DISTINCT u.site_id, k.kind, CASE WHEN k.kind = 'carrier' THEN u.carrier_id::text ELSE u.supplier END, d.day
FROM updated u
CROSS JOIN (VALUES ('carrier'), ('supplier')) AS k(kind)
CROSS JOIN LATERAL (VALUES (u.old_day), (u.new_day)) AS d(day)
ON CONFLICT DO NOTHING;
