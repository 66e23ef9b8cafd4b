CREATE TABLE "data_version_bumps" (
	"txid" bigint NOT NULL,
	"scope" text NOT NULL,
	CONSTRAINT "data_version_bumps_txid_scope_pk" PRIMARY KEY("txid","scope")
);
--> statement-breakpoint
CREATE TABLE "data_version_commits" (
	"txid" bigint PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_versions" (
	"scope" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
