-- The NCP roles (Project Lead, Coordination Team) carry the NCP's key across years (its code without the
-- year, e.g. '09' for NCP23-09); the local authority partner carries the hub and one of its local authorities.
ALTER TABLE "role_assignments" ADD COLUMN "ncp_key" text;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD COLUMN "la_code" text;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_ncp_key_ck" CHECK (("role" IN ('ncp_project_lead', 'ncp_coordination')) = ("ncp_key" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_la_code_ck" CHECK (("role" = 'la_partner') = ("la_code" IS NOT NULL) AND ("role" <> 'la_partner' OR "hub_id" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "role_invitations" ADD COLUMN "ncp_key" text;--> statement-breakpoint
ALTER TABLE "role_invitations" ADD COLUMN "la_code" text;
