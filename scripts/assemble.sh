#!/bin/sh
# The production artefact, in the steps the Dockerfile's build stage and test/artefact.test.ts both
# run: compile the production tree (scripts/build.ts → OUT), then install production dependencies
# only, from the lockfile, into OUT/node_modules. No development tool, IdP, sandbox bundler or
# TypeScript ends up in OUT. Usage: sh scripts/assemble.sh OUT
#   NPM_OFFLINE=1  install from npm's cache only (the test: no network; the cache holds what
#                  `npm ci` of the source tree fetched)
set -eu
OUT="${1:?usage: sh scripts/assemble.sh OUT}"
cd "$(dirname "$0")/.."
node --import tsx scripts/build.ts "$OUT"
cd "$OUT"
# --ignore-scripts: no production dependency needs an install script, and none gets to run one.
npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error ${NPM_OFFLINE:+--offline}
echo "assembled $OUT: node main.js"
