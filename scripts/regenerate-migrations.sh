#!/usr/bin/env bash
# Until the first release, the schema has one initial migration: regenerate it from src/**/schema.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf migrations
npx drizzle-kit generate --name initial >/dev/null
echo "migrations/0000_initial.sql regenerated"
