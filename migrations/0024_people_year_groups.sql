-- The year groups a person teaches, kept on their record: they see and correct them on their account
-- (each registration still keeps the year groups given when registering).
ALTER TABLE "people" ADD COLUMN "year_groups" text[] DEFAULT '{}' NOT NULL;
