#!/usr/bin/env bash
# Fetches what the boot service's end-to-end tests and benchmark boot and compare against, into
# the git-ignored cache .cache/boot (idempotent): a Debian cloud kernel (vmlinuz + its modules),
# busybox-static (installing it would conflict with the busybox that udhcpc needs) and atftpd
# (it conflicts with tftpd-hpa, so it is extracted rather than installed). Debian packages only.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache="$root/.cache/boot"
mkdir -p "$cache/debs"
cd "$cache/debs"

# The cloud flavour: LZ4-compressed, unpacks in a third of the generic kernel's time under TCG.
kernel_pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[ -n "$kernel_pkg" ] || { echo "boot-assets: cannot resolve linux-image-cloud-amd64 (run apt-get update)" >&2; exit 1; }

fetch() { # package, marker file that proves it is extracted
  local pkg=$1 marker=$2
  [ -e "$cache/$marker" ] && return 0
  ls "$pkg"_*.deb >/dev/null 2>&1 || apt-get download -q "$pkg" >/dev/null
  dpkg-deb -x "$(ls "$pkg"_*.deb | head -1)" "$cache/root"
}
fetch busybox-static root/bin/busybox
fetch atftpd root/usr/sbin/atftpd
fetch "$kernel_pkg" "root/boot/vmlinuz-${kernel_pkg#linux-image-}"
ln -sf "root/boot/vmlinuz-${kernel_pkg#linux-image-}" "$cache/vmlinuz"
ln -sf "root/lib/modules/${kernel_pkg#linux-image-}" "$cache/modules"
echo "$cache"
