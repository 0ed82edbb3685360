# Sourced by every script: the project-local toolchain first in PATH.
paddock_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$paddock_root/.toolchain/node/bin:$paddock_root/.toolchain/pnpm/bin:$PATH"
export npm_config_update_notifier=false
export npm_config_nodedir="$paddock_root/.toolchain/node"
# A developer's shell: `paddock` runs the sources instead of the bundle when one changed since
# scripts/bundle.ts built it (services/cli/bin/paddock.js).
export PADDOCK_DEV=1
