CREATE TABLE "data_version_bumps" (
	"txid" bigint NOT NULL,
	"scope" integer NOT NULL,
	CONSTRAINT "data_version_bumps_txid_scope_pk" PRIMARY KEY("txid","scope")
);
--> statement-breakpoint
CREATE TABLE "data_versions" (
	"scope" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
