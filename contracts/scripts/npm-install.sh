#!/bin/sh
# Runs `npm ci` for contracts/ when node_modules does not match package-lock.json yet.
# Called by the Maven build (initialize phase), so a fresh clone needs nothing but the README commands.
set -eu
cd "$(dirname "$0")/.."
stamp=node_modules/.installed-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
