#!/usr/bin/env bash
# Installs the peer benchmark's pinned npm packages (package-lock.json) into edge-agent/peer-bench/node_modules.
# Install scripts are skipped: none is needed, and core-js's only prints a banner. --prefer-offline uses
# npm's local cache when it holds the packages and the npm registry otherwise. Does nothing when
# node_modules already matches the lockfile.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "peer-bench install: $tool not found on PATH (Node.js 20 or later is needed: apt-get install -y nodejs npm)" >&2
    exit 1
  fi
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "peer-bench install: Node.js $(node --version) is too old, 20 or later is needed" >&2
  exit 1
fi

stamp="node_modules/.peer-bench-lock.sha256"
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ] \
   && [ -f node_modules/@vladmandic/human/dist/human.node-wasm.js ]; then
  echo "peer-bench install: node_modules is up to date" >&2
  exit 0
fi

# npm's own output goes to stderr so that callers can keep stdout for results.
npm ci --ignore-scripts --prefer-offline --no-audit --no-fund 1>&2
echo "$lock_hash" > "$stamp"
echo "peer-bench install: done" >&2
