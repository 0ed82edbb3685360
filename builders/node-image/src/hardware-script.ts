/**
 * /etc/paddock/hardware: prints the machine's hardware facts in the report format the
 * inventory reads (services/inventory/src/model/hardware-report.ts), from /proc and /sys only
 * (no dmidecode, lshw or ethtool in the image): SMBIOS strings from /sys/class/dmi/id, CPU
 * topology from /sys/devices/system/cpu, installed memory from the online memory blocks,
 * disks from /sys/block, NICs from /sys/class/net. Busybox sh and applets only.
 */
export const HARDWARE_SCRIPT = `#!/bin/sh
t=$(printf '\\t')
# A sysfs string on one line, without tabs (the report's separator).
rd() { [ -r "$1" ] && tr -d '\\t\\n' < "$1" 2>/dev/null; }
echo "paddock-hardware 1"
d=/sys/class/dmi/id
echo "system$t$(rd $d/sys_vendor)$t$(rd $d/product_name)$t$(rd $d/product_serial)"
fw=bios; [ -d /sys/firmware/efi ] && fw=uefi
echo "firmware$t$fw$t$(rd $d/bios_vendor)$t$(rd $d/bios_version)$t$(rd $d/bios_date)"
model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1 | tr -d '\\t')
threads=$(grep -c '^processor' /proc/cpuinfo)
ids=$(for c in /sys/devices/system/cpu/cpu[0-9]*/topology; do echo "$(cat $c/physical_package_id) $(cat $c/core_id)"; done 2>/dev/null)
cores=$(echo "$ids" | sort -u | grep -c .)
sockets=$(echo "$ids" | cut -d' ' -f1 | sort -u | grep -c .)
echo "cpu$t$model$t$threads$t$cores$t$sockets"
# Installed memory: online blocks times the block size (hex); MemTotal is what the kernel can use.
blocks=0
for m in /sys/devices/system/memory/memory*/online; do [ "$(cat $m 2>/dev/null)" = 1 ] && blocks=$((blocks + 1)); done
bs=$(cat /sys/devices/system/memory/block_size_bytes 2>/dev/null || echo 0)
usable=$(($(sed -n 's/^MemTotal:[[:space:]]*\\([0-9]*\\) kB/\\1/p' /proc/meminfo) * 1024))
echo "memory$t$((0x$bs * blocks))$t$usable"
for b in /sys/block/*; do
  [ -e "$b/device" ] || continue
  n=\${b##*/}
  case "$n" in loop*|ram*|zram*|sr*|fd*) continue ;; esac
  serial=$(rd "$b/serial"); [ -n "$serial" ] || serial=$(rd "$b/device/serial")
  # SCSI and SATA disks: the unit serial number page (VPD 0x80) after its 4-byte header.
  [ -n "$serial" ] || serial=$(tail -c +5 "$b/device/vpd_pg80" 2>/dev/null | tr -cd 'A-Za-z0-9._-')
  echo "disk$t$n$t$(($(cat $b/size) * 512))$t$(rd $b/device/model)$t$serial$t$(rd $b/queue/rotational)"
done
for n in /sys/class/net/*; do
  [ -e "$n/device" ] || continue
  drv=$(readlink "$n/device/driver"); speed=$(cat "$n/speed" 2>/dev/null) || speed=-1
  echo "nic$t\${n##*/}$t$(rd $n/address)$t\${drv##*/}$t\${speed:--1}"
done
`;
