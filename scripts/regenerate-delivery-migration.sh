#!/usr/bin/env bash
# While the catalogue-and-delivery work is unreleased: regenerate migration 0001 from the schema files.
# (0000_initial is released and must never change.) Delete this script once 0001 has landed.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f migrations/0001_*.sql migrations/meta/0001_snapshot.json
node -e '
const fs = require("fs");
const p = "migrations/meta/_journal.json";
const j = JSON.parse(fs.readFileSync(p, "utf8"));
j.entries = j.entries.filter((e) => e.idx < 1);
fs.writeFileSync(p, JSON.stringify(j, null, 2));
'
npx drizzle-kit generate --name catalogue_and_delivery >/dev/null
echo "migrations/0001 regenerated"
