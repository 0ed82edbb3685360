#!/usr/bin/env bash
# Sets up everything Paddock needs on a Debian machine, idempotently: the Debian packages its
# tests use (when root), the project-local Node 24 + pnpm toolchain, the npm dependencies from
# the lockfile, and the web console build.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# Debian packages: real peers for the lab tests (clients, servers, firmware) and the browser.
packages=(
  ca-certificates git curl iproute2 nftables iputils-ping netcat-openbsd procps tcpdump
  chromium python3 python3-grpcio python3-grpc-tools openssh-server openssh-client openssl
  nodejs
  tftp-hpa atftp
  busybox udhcpc isc-dhcp-client dhcpcd-base isc-dhcp-relay kea-dhcp4-server kea-admin
  ieee-data arp-scan nmap
  qemu-system-x86 ipxe-qemu ipxe ovmf dnsmasq-base
  tftpd-hpa nginx
  openipmi ipmitool python3-sushy
  kmod bubblewrap zstd lz4 fdisk
  etcd-server etcd-client
  wireguard-go wireguard-tools iperf3 arping conntrack
  qemu-system-arm u-boot-qemu qemu-efi-aarch64 u-boot-tools
  hyperfine
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: not root, so not installing these Debian packages (some tests need them): ${missing[*]}" >&2
  fi
fi

bash scripts/toolchain.sh
# Kernel, busybox-static and atftpd for the boot e2e tests and benchmark (git-ignored .cache/boot).
if [ "$(id -u)" = 0 ]; then bash scripts/boot-assets.sh >/dev/null || echo "setup: boot test assets not fetched" >&2; fi
# shellcheck source=scripts/env.sh
source scripts/env.sh
pnpm install --frozen-lockfile --reporter=silent
# The CLI and servers as bundles in services/cli/dist (git-ignored): `paddock` starts in tens of ms.
node scripts/bundle.ts
pnpm --filter @paddock/web build >/dev/null
# The node image's Debian inputs (kernel, busybox, OpenSSH, WireGuard, iproute2, curl, openssl
# and their libraries) fetched and built once into the git-ignored .cache/builders.
node builders/node-image/src/main.ts >/dev/null || echo "setup: node image not built" >&2
# The same for arm64, from Debian's arm64 packages through a private apt configuration.
node builders/node-image/src/main.ts --params '{"arch":"arm64"}' >/dev/null || echo "setup: arm64 node image not built" >&2
