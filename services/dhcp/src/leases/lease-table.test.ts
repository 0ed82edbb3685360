import { clientKey, OPTION, setOption } from '@paddock/dhcp-codec';
import { bytesToHex } from '@paddock/wire';
import { describe, expect, it } from 'vitest';
import { clientMessage, replyOf, requesting, testEnv } from '../policy/testkit.ts';
import { expiredRows, quarantineRow } from '../server/expiry.ts';
import { effectiveState } from './lease.ts';

describe('lease rows', () => {
  it('key a client by option 61 when sent, else by htype + chaddr, as codec clientKey does', () => {
    for (const set of [
      (m: ReturnType<typeof clientMessage>) => m,
      (m: ReturnType<typeof clientMessage>) => setOption(m, OPTION.clientId, '01aabbcc'),
    ]) {
      const env = testEnv();
      const m = clientMessage('DHCPDISCOVER', '52:54:00:00:00:01', set);
      const addr = replyOf(env.send(m)).yiaddr;
      replyOf(env.send(clientMessage('DHCPREQUEST', '52:54:00:00:00:01', (x) => requesting(addr)(set(x)))));
      expect([...env.leases.values()][0]?.clientKey).toBe(bytesToHex(clientKey(m), ''));
    }
  });

  it('expire when their time is up, and a quarantine ends', () => {
    const env = testEnv({ settings: { declineSeconds: 10 } });
    const addr = replyOf(env.send(clientMessage('DHCPDISCOVER', '52:54:00:00:00:01'))).yiaddr;
    env.send(clientMessage('DHCPREQUEST', '52:54:00:00:00:01', requesting(addr)));
    const lease = [...env.leases.values()][0]!;
    expect(expiredRows(env.leases.values(), env.now)).toEqual([]);
    expect(effectiveState(lease, lease.expiresAt)).toBe('expired');
    expect(expiredRows(env.leases.values(), lease.expiresAt)).toEqual([{ ...lease, state: 'expired', revision: 0 }]);
    const q = quarantineRow(undefined, 7, 'lab', 0, 10_000)!;
    expect(q).toMatchObject({ state: 'declined', clientKey: '', expiresAt: 10_000 });
    expect(expiredRows([q], 10_000)).toMatchObject([{ state: 'expired' }]);
    expect(quarantineRow(lease, lease.address, 'lab', env.now, env.now + 1)).toBeUndefined();
  });
});
