#!/usr/bin/env bash
# The Debian package from install to upgrade, by hand (root; minutes; not in CI):
#  1. a Debian 12 root made by debootstrap from Debian's packages (cached in .cache/package);
#  2. `dpkg -i` of the package there with no network (unshare -n);
#  3. the root booted with systemd-nspawn inside a lab namespace (`paddock lab up`), where
#     paddock.service serves DHCP and network boot on the lab's eth0 as the `paddock` user;
#  4. a QEMU machine on the lab's switch boots the node image from it and phones home;
#  5. stop, `dpkg -i` of a newer build, boot again: every lease, node and boot file still there.
# It prints what it saw.   test/package/install-run.sh   (PADDOCK_SHOW_KEEP=1 keeps its work dir)
# PADDOCK_SHOW_DEBS="OLD.deb NEW.deb" skips building the two packages (minutes each).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
# shellcheck source=scripts/env.sh
source scripts/env.sh
[ "$(id -u)" = 0 ] || { echo "install-run: run as root" >&2; exit 2; }
cache=$repo/.cache/package
lab=pkgshow
mac=52:54:00:97:00:01
work=$(mktemp -d /var/tmp/paddock-show.XXXXXX)
chmod 0755 "$work"
ct=$work/root
nspawn_pid='' qemu_pid=''
say() { printf '\n== %s\n' "$*"; }
cleanup() {
  [ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null || true
  if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
    kill -TERM "$nspawn_pid"
    timeout 30 tail --pid="$nspawn_pid" -f /dev/null || kill -KILL "$nspawn_pid" || true
  fi
  node services/cli/bin/paddock.js lab down "$lab" >/dev/null 2>&1 || true
  if [ "${PADDOCK_SHOW_KEEP:-}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

say "Debian 12 root from debootstrap (cached: $cache/bookworm-root.tar.gz)"
mkdir -p "$cache" "$ct"
if [ ! -f "$cache/bookworm-root.tar.gz" ]; then
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,procps,libcap2-bin,iproute2,ipxe \
    bookworm "$work/bootstrap" http://deb.debian.org/debian >"$work/debootstrap.log"
  tar -C "$work/bootstrap" -czf "$cache/bookworm-root.tar.gz.tmp" . && mv "$cache/bookworm-root.tar.gz"{.tmp,}
  rm -rf "$work/bootstrap"
fi
tar -C "$ct" -xzf "$cache/bookworm-root.tar.gz"
echo "root: $(cat "$ct/etc/debian_version"), $(chroot "$ct" dpkg-query -W systemd), no node: $(chroot "$ct" sh -c 'command -v node || echo none')"

say "two builds of the package"
if [ -n "${PADDOCK_SHOW_DEBS:-}" ]; then
  read -r old new <<<"$PADDOCK_SHOW_DEBS"
else
  base=$(sed -n "s/^export const VERSION = '\(.*\)';/\1/p" services/runtime/src/version.ts)
  old=$(bash scripts/build-deb.sh --version "$base+show1" --out "$work/debs" | tail -1)
  new=$(bash scripts/build-deb.sh --version "$base+show2" --out "$work/debs" | tail -1)
fi
ls -la "$old" "$new" | awk '{print $5, $NF}'
cp "$old" "$ct/tmp/old.deb"
cp "$new" "$ct/tmp/new.deb"
# A clean environment, as on a fresh machine (none of this shell's NODE_* variables).
in_root() { env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 unshare -n chroot "$ct" "$@"; }

say "dpkg -i with no network (unshare -n)"
echo "links inside: $(in_root ip -br link | tr -s ' ')"
in_root dpkg -i /tmp/old.deb 2>&1 | tail -3
in_root paddock --version
in_root paddock up --help | head -3
chroot "$ct" getent passwd paddock
cat >"$ct/etc/paddock/paddock.yaml" <<'YAML'
interface: eth0
subnet: 10.97.0.0/24
range: 10.97.0.100-10.97.0.150
router-advert: true
grpc-listen: 0.0.0.0:7400
http-listen: 0.0.0.0:7443
YAML
chroot "$ct" systemctl enable paddock.service 2>&1 | tail -1
echo pkgshow >"$ct/etc/hostname"

say "lab network (paddock lab up): server host at 10.97.0.1 for the container, a TAP for QEMU"
node services/cli/bin/paddock.js lab up --name "$lab" --hosts 0 --subnet 10.97.0.0/24 >/dev/null
server_ns=pdkl-$lab.server switch_ns=pdkl-$lab._switch
ip -n "$switch_ns" tuntap add dev tap0 mode tap
ip -n "$switch_ns" link set tap0 master br0 up
mkdir -m 0755 "$work/img"
node test/package/show-image.ts "$work/img"
chmod 0644 "$work/img"/*
read -r script_name rule_name <"$work/img/names"

# The container's PID 1, to run commands inside it (nsenter) once systemd is up.
init_pid() { ps -o pid= --ppid "$nspawn_pid" | head -1 | tr -d ' '; }
in_ct() { nsenter -t "$(init_pid)" -a -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
as_paddock() { in_ct PADDOCK_DATA_DIR=/var/lib/paddock setpriv --reuid=paddock --regid=paddock --init-groups "$@"; }
boot_container() {
  systemd-nspawn -D "$ct" --boot --register=no --keep-unit --network-namespace-path="/run/netns/$server_ns" \
    --capability=CAP_NET_ADMIN \
    --bind-ro="$work/img:/srv/show" >"$work/nspawn-$1.log" 2>&1 &
  nspawn_pid=$!
  for _ in $(seq 120); do
    sleep 1
    kill -0 "$nspawn_pid" || { tail -20 "$work/nspawn-$1.log"; return 1; }
    [ -n "$(init_pid)" ] || continue
    state=$(in_ct systemctl is-active paddock.service 2>/dev/null || true)
    [ "$state" = active ] && return 0
    [ "$state" = failed ] && break
  done
  in_ct systemctl status --no-pager paddock.service | tail -20
  return 1
}
stop_container() {
  kill -TERM "$nspawn_pid"
  timeout 60 tail --pid="$nspawn_pid" -f /dev/null
  echo "container stopped: $(grep -c . "$work/nspawn-$1.log") lines of console log"
  nspawn_pid=''
}
show_state() {
  as_paddock paddock dhcp leases list --json | jq -c '[.[] | {mac, address, state}] | sort_by(.mac)'
  as_paddock paddock nodes list --json | jq -c '[.[] | {id, name, macs: [.nics[].mac]}]'
  as_paddock paddock boot files list --json | jq -c '[.[] | {name, size, sha256}] | sort_by(.name)'
}

say "systemd-nspawn --boot (this host's PID 1 is $(ps -o comm= 1), not systemd)"
boot_container 1
in_ct systemctl status --no-pager paddock.service | head -12
main=$(in_ct systemctl show -P MainPID paddock.service)
in_ct ps -o user,uid,pid,args -p "$main"
in_ct grep -E '^(Uid|Gid|Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):' "/proc/$main/status"
echo "CapEff decoded: $(capsh --decode="$(in_ct awk '/^CapEff/ {print $2}' "/proc/$main/status")")"
echo "compile cache: $(in_ct sh -c 'stat -c "%U %a %n" /var/cache/paddock/compile-cache/* 2>/dev/null || echo none')"
in_ct ss -lntupH | grep -E ':(67|69|7400|7443) ' | awk '{print $1, $5, $7}'

say "boot files, script, rule and a node, with the packaged CLI as the paddock user"
as_paddock paddock boot files upload /srv/show/vmlinuz --name linux/vmlinuz
as_paddock paddock boot files upload /srv/show/initrd.img --name linux/initrd.img
as_paddock paddock boot scripts put "$script_name" /srv/show/script.ipxe
as_paddock paddock boot rules put /srv/show/rule.json
as_paddock paddock nodes create show-vm1 --mac "$mac" --boot-rule "$rule_name"

say "QEMU (BIOS, iPXE ROM) on the lab switch boots the node image from the container"
ip netns exec "$switch_ns" qemu-system-x86_64 -accel tcg -m 1024 -smp 1 -nographic -vga none -monitor none \
  -serial "file:$work/serial.log" -boot n -netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
  -device "virtio-net-pci,netdev=n0,mac=$mac" >"$work/qemu.log" 2>&1 &
qemu_pid=$!
started=$(date +%s)
for _ in $(seq 300); do
  grep -q PADDOCK-NODE-PHONED-HOME "$work/serial.log" 2>/dev/null && break
  sleep 1
done
grep -aoE 'PADDOCK-NODE-[A-Z-]+' "$work/serial.log" | sort -u | tr '\n' ' '
echo "($(($(date +%s) - started)) s after power-on)"
grep -q PADDOCK-NODE-PHONED-HOME "$work/serial.log" || { tail -c 3000 "$work/serial.log"; exit 1; }
kill "$qemu_pid"
qemu_pid=''
as_paddock paddock boot events --mac "$mac" | tail -6
as_paddock paddock nodes list
before=$(show_state)
echo "$before"

say "stop, then upgrade offline to the newer build"
stop_container 1
in_root dpkg -i /tmp/new.deb 2>&1 | tail -3
chroot "$ct" dpkg-query -W paddock

say "boot again: the upgraded service has every lease, node and boot file"
boot_container 2
in_ct paddock --version
in_ct ps -o user,pid,args -p "$(in_ct systemctl show -P MainPID paddock.service)"
as_paddock paddock nodes list
after=$(show_state)
echo "$after"
if [ "$before" = "$after" ]; then echo "same leases, nodes and boot files after the upgrade"; else
  diff <(echo "$before") <(echo "$after")
  exit 1
fi

say "bad input: a config with an error, then a data dir left owned by root"
cp "$ct/etc/paddock/paddock.yaml" "$work/paddock.yaml.good"
echo 'subnts: 10.97.0.0/24' >>"$ct/etc/paddock/paddock.yaml"
in_ct systemctl restart paddock.service 2>/dev/null || true
for _ in $(seq 20); do [ "$(in_ct systemctl is-active paddock.service || true)" = failed ] && break; sleep 1; done
echo "with a typo in the config: $(in_ct systemctl is-active paddock.service || true), $(in_ct systemctl show -P NRestarts paddock.service) restarts"
{ in_ct systemctl status --no-pager paddock.service || true; } | grep -E 'paddock: |Active:|Main PID' | tail -3
cp "$work/paddock.yaml.good" "$ct/etc/paddock/paddock.yaml"
in_ct chown -R root:root /var/lib/paddock
echo "data dir now: $(in_ct stat -c '%U %a' /var/lib/paddock)"
in_ct systemctl reset-failed paddock.service
in_ct systemctl start paddock.service
for _ in $(seq 60); do [ "$(in_ct systemctl is-active paddock.service || true)" = active ] && break; sleep 1; done
echo "config fixed, started again: $(in_ct systemctl is-active paddock.service || true); data dir $(in_ct stat -c '%U %a' /var/lib/paddock) (StateDirectory= gives it back to the service user)"
echo "the CLI as the paddock user on a root-owned dir says: $(in_ct mkdir -m 0700 /var/tmp/rootdir && as_paddock paddock up --data-dir /var/tmp/rootdir 2>&1 | head -1)"
if [ "$(show_state)" = "$after" ]; then echo "same leases, nodes and boot files after both"; else exit 1; fi
stop_container 2
# Node writes V8's compile cache when the process exits: the service's next start reads it.
cache_dir=$(find "$ct/var/cache/paddock/compile-cache" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | head -1)
echo "compile cache after the stop: ${cache_dir#"$ct"}, $(find "$ct/var/cache/paddock" -type f | wc -l) files, owner $(chroot "$ct" stat -c '%U %a' /var/cache/paddock)"
say "done in $SECONDS s"
