/**
 * The node image's /init and udhcpc script. The init mounts the kernel's filesystems, starts
 * making the SSH host key (also as /etc/ssh/ssh_host_ed25519_key.pub, where the keys service's
 * agent reads it) while it loads the drivers of the devices present (their modaliases matched
 * against the image's modules.alias by busybox modprobe; every driver in the image, in the
 * order the build resolved from modules.dep, when that finds no NIC), brings up every NIC and
 * asks DHCP on all of them at once, runs /etc/paddock/enrol when an enrolment agent was added,
 * starts OpenSSH's sshd with that key and, once enrolled, its host certificate and the site's
 * user CA, serves the power agent the metal provider calls (POST /cgi-bin/poweroff or reboot),
 * and runs /etc/paddock/phone-home (phone-home-script.ts) with the URL on the kernel command
 * line (`paddock.phone=`).
 *
 * Under emulation every program started costs (loading libcrypto alone is a large share of a
 * second), so the init starts few and overlaps what does not depend on the network.
 */
export const BOOTED_MARKER = 'PADDOCK-NODE-BOOTED';
export const PHONED_MARKER = 'PADDOCK-NODE-PHONED-HOME';
export const AGENT_PORT = 9100;

/** The init, reporting to /dev/`serial` (ttyS0 on x86 PCs; the kernel's console on arm64). */
export const initScript = (serial: string) => `#!/bin/busybox sh
/bin/busybox --install -s
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /run/paddock /var/log
mount -t devpts devpts /dev/pts
echo ${BOOTED_MARKER} > /dev/${serial}
# The SSH host key exists before enrolment, where the keys agent looks for it: made meanwhile.
mkdir -p /etc/ssh /run/sshd
ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key &
keygen=$!
# Drivers for the devices present only (loading each module costs, under emulation, far more
# than matching): the buses NICs and disks sit on, each device asked about once, and a second
# pass for the devices the first one's drivers made (virtio-net on virtio-pci, a disk on its
# controller).
coldplug() {
  for b in pci virtio usb platform scsi auxiliary; do cat /sys/bus/$b/devices/*/modalias; done 2>/dev/null | sort -u > /run/paddock/modalias.now
  new=$(cat /run/paddock/modalias.now)
  [ -s /run/paddock/modalias.asked ] && new=$(grep -vxF -f /run/paddock/modalias.asked /run/paddock/modalias.now)
  mv /run/paddock/modalias.now /run/paddock/modalias.asked
  [ -z "$new" ] || modprobe -q -a $new 2>/dev/null
}
coldplug
coldplug
# Disks behind a SATA or SAS controller show up when its scan ends: their driver meanwhile.
[ -n "$(ls /sys/class/scsi_host 2>/dev/null)" ] && modprobe -q sd_mod &
ip link set lo up
nic() { ls /sys/class/net | grep -qv '^lo$'; }
# A NIC no alias matched, or whose bus announced it late: every driver the image has.
nic || while read -r m; do insmod "/lib/modules/$m" 2>/dev/null; done < /etc/paddock/modules
# Drivers register their NICs as they probe: wait briefly for the first one.
for try in 1 2 3 4 5 6 7 8 9 10; do nic && break; sleep 0.2; done
for dev in /sys/class/net/*; do
  n=\${dev##*/}
  [ "$n" = lo ] && continue
  ip link set "$n" up
  udhcpc -i "$n" -t 30 -T 1 -A 2 -b -S -s /etc/paddock/dhcp-script > /dev/null 2>&1
done
for try in $(seq 1 300); do ls /run/paddock/bound-* > /dev/null 2>&1 && break; sleep 0.1; done
echo "PADDOCK-NODE-ADDRESS $(cat /run/paddock/bound-* 2>/dev/null | head -1)" > /dev/${serial}
# The hardware facts the phone-home sends, gathered while the enrolment waits on the network.
/etc/paddock/hardware > /run/paddock/hardware 2>/dev/null &
hardware=$!
wait $keygen
[ -x /etc/paddock/enrol ] && /etc/paddock/enrol > /dev/${serial} 2>&1
# What the enrolment brought: the host certificate sshd presents, and the user CA whose
# certificates log in (the deployers' short-lived ones).
[ -f /etc/paddock/ssh_host_ed25519_key-cert.pub ] &&
  echo 'HostCertificate /etc/paddock/ssh_host_ed25519_key-cert.pub' >> /etc/ssh/sshd_config
[ -f /etc/paddock/ssh_user_ca.pub ] && echo 'TrustedUserCAKeys /etc/paddock/ssh_user_ca.pub' >> /etc/ssh/sshd_config
/usr/sbin/sshd -E /var/log/sshd.log
# The power agent the metal provider calls, then the phone-home with the hardware facts
# (its answers keep the signed URL fresh; changed facts are sent again).
httpd -p ${AGENT_PORT} -h /www
wait $hardware
phone=$(sed -n 's/.*paddock\\.phone=\\([^ ]*\\).*/\\1/p' /proc/cmdline)
/etc/paddock/phone-home "$phone" > /dev/${serial} 2>&1 &
while true; do sleep 3600; done
`;

export const DHCP_SCRIPT = `#!/bin/sh
case "$1" in
  bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/\${mask:-24}" dev "$interface"
    for r in $router; do ip route replace default via "$r" dev "$interface"; break; done
    : > /etc/resolv.conf
    for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done
    echo "$interface $ip" > "/run/paddock/bound-$interface"
    ;;
  deconfig) ip addr flush dev "$interface"; ip link set "$interface" up ;;
esac
exit 0
`;

export const agent = (cmd: string) => `#!/bin/sh
printf 'Content-Type: text/plain\\r\\n\\r\\nok\\n'
(sleep 1; ${cmd} -f) > /dev/null 2>&1 &
`;

/** sshd's configuration; the init adds the host certificate and the user CA after enrolment. */
export const SSHD_CONFIG = `HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PrintMotd no
PidFile /run/sshd.pid
Subsystem sftp internal-sftp
`;
