#!/usr/bin/env bash
# Sets up Paddock and runs its main job: `paddock demo` builds a lab network of its own
# (network namespaces, never a real LAN), runs `paddock up` in it, makes a QEMU machine through
# the inventory and takes it from power-off to a network-booted, ready node; then prints the
# console's address and token. Ctrl-C (or `paddock demo --down`) removes everything it made.
# Arguments go to `paddock demo` (e.g. --detach, --down, --subnet).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh
exec pnpm --silent exec paddock demo "$@"
