#!/usr/bin/env bash
# Builds dist/paddock_<version>_amd64.deb with Debian's own tools (dpkg-deb, no debhelper): the
# Node 24 runtime, the bundled CLI and servers, their two native modules, the proto files, the
# web console, man pages made from the CLI's help, systemd units and monitoring rules. Nothing
# is fetched at install time and the system's node is not used.
#   scripts/build-deb.sh [--version V] [--out DIR]    (V defaults to <VERSION>+<UTC timestamp>)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/env.sh
source scripts/env.sh
base=$(sed -n "s/^export const VERSION = '\(.*\)';/\1/p" services/runtime/src/version.ts)
version="$base+$(date -u +%Y%m%d%H%M%S)"
out="$root/dist"
while [ $# -gt 0 ]; do
  case $1 in
    --version) version=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "build-deb: unknown argument $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
stage=$(mktemp -d "${TMPDIR:-/tmp}/paddock-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage" # the archive's "./" entry: mktemp made it 0700
app=$stage/usr/lib/paddock

# The application keeps the repository's layout under /usr/lib/paddock, so the bundle finds the
# proto files, the console and its native modules at the same relative paths as in a clone.
node scripts/bundle.ts --outdir "$app/services/cli/dist"
[ -f web/dist/index.html ] || pnpm --filter @paddock/web build >/dev/null
install -d "$app/node/bin" "$app/web" "$app/services/cli/node_modules/@koromix"
install -m 0755 .toolchain/node/bin/node "$app/node/bin/node"
install -m 0644 .toolchain/node/LICENSE "$app/node/LICENSE"
cp -r web/dist "$app/web/dist"
(cd proto && find . -name '*.proto' -exec install -D -m 0644 {} "$app/proto/{}" \;)
sqlite=$(readlink -f services/cli/node_modules/better-sqlite3)
install -d "$app/services/cli/node_modules/better-sqlite3/prebuilds"
cp -r "$sqlite/lib" "$sqlite/package.json" "$sqlite/LICENSE" "$app/services/cli/node_modules/better-sqlite3/"
cp "$sqlite/prebuilds/linux-x64.node" "$app/services/cli/node_modules/better-sqlite3/prebuilds/"
strip --strip-unneeded "$app/services/cli/node_modules/better-sqlite3/prebuilds/linux-x64.node"
koffi=$(readlink -f services/cli/node_modules/koffi)
cp -rL "$koffi" "$app/services/cli/node_modules/koffi"
rm -rf "$app/services/cli/node_modules/koffi/build" "$app/services/cli/node_modules/koffi/src/cnoke" "$app/services/cli/node_modules/koffi/cnoke.cjs"
koffi_x64=$(readlink -f "$koffi/../@koromix/koffi-linux-x64")
install -d "$app/services/cli/node_modules/@koromix/koffi-linux-x64"
cp -r "$koffi_x64/package.json" "$koffi_x64/index.js" "$koffi_x64/linux_x64" "$app/services/cli/node_modules/@koromix/koffi-linux-x64/"
find "$app" -name '*.md' -delete
find "$app" -type f -exec chmod 0644 {} + && chmod 0755 "$app/node/bin/node"

install -d "$stage/usr/bin"
# The package's entry: no stamp check (nothing to be stale against), V8's compile cache in a
# directory only the running user can write (packaging/paddock-entry.mjs says where).
install -D -m 0644 packaging/paddock-entry.mjs "$app/services/cli/bin/paddock.mjs"
rm -f "$app/services/cli/dist/stamp.json"
cat > "$stage/usr/bin/paddock" <<'SH'
#!/bin/sh
# Paddock on its own Node.js runtime; exec, so systemd and signals see the server itself.
exec /usr/lib/paddock/node/bin/node /usr/lib/paddock/services/cli/bin/paddock.mjs "$@"
SH
chmod 0755 "$stage/usr/bin/paddock"

# Man pages from the CLI's own help.
node scripts/man-pages.ts "$stage/man"
install -D -m 0644 "$stage/man/paddock.1" "$stage/usr/share/man/man1/paddock.1"
install -D -m 0644 "$stage/man/paddock.yaml.5" "$stage/usr/share/man/man5/paddock.yaml.5"
rm -rf "$stage/man"
gzip -9n "$stage/usr/share/man/man1/paddock.1" "$stage/usr/share/man/man5/paddock.yaml.5"

# systemd units: one sandbox, written out in each unit (systemd has no include).
install -d "$stage/usr/lib/systemd/system"
for unit in packaging/systemd/*.service; do
  awk -v sandbox=packaging/systemd/sandbox.conf \
    '$0 == ".include-sandbox" { while ((getline l < sandbox) > 0) print l; close(sandbox); next } { print }' \
    "$unit" > "$stage/usr/lib/systemd/system/$(basename "$unit")"
done
chmod 0644 "$stage"/usr/lib/systemd/system/*

install -D -m 0644 packaging/debian/paddock.yaml "$stage/etc/paddock/paddock.yaml"
install -D -m 0644 packaging/debian/copyright "$stage/usr/share/doc/paddock/copyright"
install -d "$stage/usr/share/paddock/monitoring"
cp packaging/monitoring/* "$stage/usr/share/paddock/monitoring/" 2>/dev/null || true
printf 'paddock (%s) unstable; urgency=medium\n\n  * Built from the Paddock repository.\n\n -- Paddock <paddock@localhost>  %s\n' \
  "$version" "$(date -uR)" | gzip -9n > "$stage/usr/share/doc/paddock/changelog.gz"

install -d "$stage/DEBIAN"
for s in postinst preinst prerm postrm; do
  sed "s/@VERSION@/$version/g" "packaging/debian/$s" > "$stage/DEBIAN/$s"
  chmod 0755 "$stage/DEBIAN/$s"
done
echo /etc/paddock/paddock.yaml > "$stage/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: paddock
Version: $version
Architecture: amd64
Maintainer: Paddock <paddock@localhost>
Installed-Size: $size
Depends: libc6 (>= 2.36), libstdc++6, passwd
Section: net
Priority: optional
Homepage: https://localhost/paddock
Description: bare-metal machine lifecycle: DHCP, network boot, scanning, inventory
 Paddock finds the machines on a LAN, wakes them, gives them addresses,
 boots them over the network and keeps track of them, served over gRPC
 with a web console. This package carries its own Node.js runtime and
 runs as the paddock system user under systemd (paddock.service, or one
 unit per service).
CONTROL
deb="$out/paddock_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zgzip -z6 --build "$stage" "$deb" >/dev/null
echo "$deb"
