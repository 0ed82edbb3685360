/**
 * systemd's notify protocol for `Type=notify` units: READY=1 once the server listens, WATCHDOG=1
 * every half of `WatchdogSec` while the event loop turns (a wedged loop stops the pings and
 * systemd restarts the service), STOPPING=1 on shutdown. Does nothing outside systemd
 * (no NOTIFY_SOCKET). A failed send is logged, never fatal.
 */
import { sendUnixDatagram } from '@paddock/netio';

export interface Notifier {
  ready(status: string): void;
  stopping(): void;
}

export function systemdNotifier(
  env: NodeJS.ProcessEnv,
  warn: (err: unknown, what: string) => void,
  send: (path: string, message: Uint8Array) => void = sendUnixDatagram,
): Notifier {
  const socket = env['NOTIFY_SOCKET'];
  const notify = (text: string) => {
    if (!socket) return;
    try {
      send(socket, Buffer.from(text));
    } catch (err) {
      warn(err, `sd_notify ${text.split('\n')[0]}`);
    }
  };
  // WATCHDOG_PID, when set, names the process systemd watches; pings from another are ignored.
  const watchdogUsec = Number(env['WATCHDOG_USEC']);
  const watched = !env['WATCHDOG_PID'] || Number(env['WATCHDOG_PID']) === process.pid;
  let timer: NodeJS.Timeout | undefined;
  return {
    ready(status) {
      notify(`READY=1\nSTATUS=${status}\nMAINPID=${process.pid}`);
      if (socket && watchdogUsec > 0 && watched) {
        timer = setInterval(() => notify('WATCHDOG=1'), Math.max(1, watchdogUsec / 2000));
        timer.unref();
      }
    },
    stopping() {
      clearInterval(timer);
      notify('STOPPING=1');
    },
  };
}
