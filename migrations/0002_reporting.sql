CREATE TABLE "reporting_refreshes" (
	"name" text PRIMARY KEY NOT NULL,
	"stale" boolean DEFAULT true NOT NULL,
	"refreshed_at" timestamp with time zone
);
