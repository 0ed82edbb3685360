#!/usr/bin/env bash
# Sets up Paddock and runs its main job. For now that is `paddock up`: the service runtime with
# the web console (the DHCP, boot, scanner and inventory services join it as they land).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh
exec pnpm --silent exec paddock up "$@"
