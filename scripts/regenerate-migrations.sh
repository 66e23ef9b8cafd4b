#!/usr/bin/env bash
# Until the first release, the schema has one initial migration: regenerate it from src/**/schema.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf migrations
npx drizzle-kit generate --name initial >/dev/null
sed -i '1i CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint' migrations/0000_initial.sql
echo "migrations/0000_initial.sql regenerated"
