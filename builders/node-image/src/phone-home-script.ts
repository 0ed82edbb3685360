/**
 * /etc/paddock/phone-home URL: tells Paddock the machine is up, with its hardware facts as the
 * body, and sends the facts again whenever they change (a link at another speed, a disk added).
 * The signed URL on the kernel command line lives an hour by default and a machine runs for
 * months, so every answer names the URL to use next and how many seconds it stays good; the
 * script renews it in time by the machine's uptime (no wall clock needed, none may be set).
 * Busybox sh and curl only. Prints PHONED_MARKER once the first report got through.
 *
 * PADDOCK_RECHECK_S, PADDOCK_HARDWARE and PADDOCK_RUN exist for tests.
 */
import { PHONED_MARKER } from './init-script.ts';

/** Seconds between two looks at the hardware facts once booted. */
export const HARDWARE_RECHECK_S = 60;

export const PHONE_HOME_SCRIPT = `#!/bin/sh
phone=$1
[ -n "$phone" ] || exit 0
recheck=\${PADDOCK_RECHECK_S:-${HARDWARE_RECHECK_S}}
hw=\${PADDOCK_HARDWARE:-/etc/paddock/hardware}
run=\${PADDOCK_RUN:-/run/paddock}
up() { cut -d. -f1 /proc/uptime; }
renew=0
since=$(up)
# post STATUS BODY-FILE: on success takes the next URL and its renewal time from the answer.
post() {
  curl -fsS -m 20 -o "$run/reply" --data-binary "@$2" "$phone&status=$1" || return 1
  next=$(sed -n 's/^next //p' "$run/reply")
  [ -n "$next" ] && phone=$next
  renew=$(sed -n 's/^renew \\([0-9]*\\)$/\\1/p' "$run/reply")
  since=$(up)
}
# The node image's init gathers the boot's facts while it enrols.
[ -s "$run/hardware" ] || "$hw" > "$run/hardware" 2>/dev/null
for try in 1 2 3 4 5; do
  post "ready%20arch=$(uname -m)" "$run/hardware" && { echo ${PHONED_MARKER}; break; }
  sleep 1
done
while true; do
  sleep "$recheck"
  # Renewing before half the URL's life is gone leaves time for a failed try or two.
  if [ "\${renew:-0}" -gt 0 ] && [ $(($(up) - since)) -ge "$renew" ]; then post renew /dev/null; fi
  "$hw" > "$run/hardware.new" 2>/dev/null
  cmp -s "$run/hardware.new" "$run/hardware" && continue
  post hardware "$run/hardware.new" && mv "$run/hardware.new" "$run/hardware"
done
`;
