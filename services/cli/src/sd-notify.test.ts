import { describe, expect, it } from 'vitest';
import { systemdNotifier } from './sd-notify.ts';

function recorder() {
  const sent: string[] = [];
  return { sent, send: (_path: string, m: Uint8Array) => sent.push(Buffer.from(m).toString()) };
}

describe('systemd notifier', () => {
  it('says READY with a status, then STOPPING', () => {
    const r = recorder();
    const n = systemdNotifier({ NOTIFY_SOCKET: '/run/x' }, () => {}, r.send);
    n.ready('serving');
    n.stopping();
    expect(r.sent[0]).toMatch(/^READY=1\nSTATUS=serving\nMAINPID=\d+$/);
    expect(r.sent[1]).toBe('STOPPING=1');
  });

  it('pings the watchdog every half period while the loop runs', async () => {
    const r = recorder();
    const n = systemdNotifier({ NOTIFY_SOCKET: '/run/x', WATCHDOG_USEC: '100000' }, () => {}, r.send);
    n.ready('serving');
    const keepAlive = setTimeout(() => {}, 400);
    await new Promise((done) => setTimeout(done, 260));
    n.stopping();
    clearTimeout(keepAlive);
    expect(r.sent.filter((m) => m === 'WATCHDOG=1').length).toBeGreaterThanOrEqual(3);
  });

  it('is silent outside systemd, and for a watchdog meant for another process', () => {
    const r = recorder();
    systemdNotifier({}, () => {}, r.send).ready('x');
    systemdNotifier({ NOTIFY_SOCKET: '/run/x', WATCHDOG_USEC: '1000', WATCHDOG_PID: '1' }, () => {}, r.send).ready('y');
    expect(r.sent).toHaveLength(1);
  });

  it('warns instead of failing when the socket is gone', () => {
    const warnings: string[] = [];
    const n = systemdNotifier({ NOTIFY_SOCKET: '/nonexistent/notify' }, (_e, what) => warnings.push(what));
    n.ready('serving');
    expect(warnings).toEqual(['sd_notify READY=1']);
  });
});
