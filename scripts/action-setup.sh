#!/usr/bin/env bash
# The GitHub Action's install step (action.yml). A release carries the action bundled into one
# file, dist/action.mjs (scripts/bundle-action.js, run by .github/workflows/release.yml): then
# there is nothing to install or compile. Any other ref (a branch, a commit) has only the sources,
# and is installed and compiled here, which takes about a minute.
set -euo pipefail
cd "${GITHUB_ACTION_PATH:-$(dirname "$0")/..}"
if [ -f dist/action.mjs ]; then
  echo "blueprint-audit $(node -p 'require("./package.json").version'): prebuilt, nothing to install"
  exit 0
fi
echo "::notice title=blueprint-audit::this ref of the action is not a release, so it is compiled on the runner (about a minute); use a release tag (blueprint-audit/blueprint-audit@v0) to start in seconds"
npm ci --no-audit --no-fund --loglevel=error
npm run build --silent
