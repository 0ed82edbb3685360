import { type DhcpMessage, decodeMessage, encodeMessage, messageType, OPTION, setOption } from '@paddock/dhcp-codec';
import { FIXTURES, fixture } from '@paddock/dhcp-codec/testdata';
import { ipv4ToNumber } from '@paddock/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientMessage, received, reservationDoc, testEnv } from './testkit.ts';

const MACS = ['52:54:00:00:00:01', '52:54:00:00:00:02', '52:54:00:00:00:03', '52:54:00:00:00:04'];
const ADDRESSES = ['10.0.0.100', '10.0.0.101', '10.0.0.102', '10.0.0.20', '10.0.0.1', '192.168.1.5'];

type Op =
  | {
      kind: 'message';
      type: 'DHCPDISCOVER' | 'DHCPREQUEST' | 'DHCPRELEASE' | 'DHCPDECLINE' | 'DHCPINFORM';
      mac: number;
      addr: number;
      form: number;
    }
  | { kind: 'time'; seconds: number }
  | { kind: 'bytes'; data: Uint8Array };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('message' as const),
    type: fc.constantFrom(
      'DHCPDISCOVER',
      'DHCPREQUEST',
      'DHCPRELEASE',
      'DHCPDECLINE',
      'DHCPINFORM',
    ) as fc.Arbitrary<'DHCPDISCOVER'>,
    mac: fc.nat(MACS.length - 1),
    addr: fc.nat(ADDRESSES.length - 1),
    form: fc.nat(3),
  }),
  fc.record({ kind: fc.constant('time' as const), seconds: fc.integer({ min: 1, max: 4000 }) }),
  fc
    .tuple(fc.constantFrom(...FIXTURES), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 6 }))
    .map(([name, writes]) => {
      const data = fixture(name);
      for (const [at, v] of writes) data[at % data.length] = v;
      return { kind: 'bytes' as const, data };
    }),
);

/** A client message in one of RFC 2131 §4.3.2's forms (selecting, init-reboot, renewing). */
function build(o: Extract<Op, { kind: 'message' }>): DhcpMessage {
  const addr = ADDRESSES[o.addr]!;
  return clientMessage(o.type, MACS[o.mac]!, (m) => {
    if (o.form === 0) return setOption(setOption(m, OPTION.requestedIp, addr), OPTION.serverId, '10.0.0.1');
    if (o.form === 1) return setOption(m, OPTION.requestedIp, addr);
    if (o.form === 2) return { ...m, ciaddr: addr };
    return setOption(m, OPTION.serverId, '10.9.9.9');
  });
}

describe('policy under random message sequences', () => {
  it('never throws, never ACKs an address another client holds, and drops only with a reason', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const env = testEnv({ reservations: [reservationDoc({ mac: MACS[3], address: '10.0.0.20' })] });
        for (const o of ops) {
          if (o.kind === 'time') {
            env.now += o.seconds * 1000;
            continue;
          }
          const m = o.kind === 'bytes' ? decodeMessage(o.data) : { ok: true as const, message: build(o) };
          if (!m.ok) continue;
          const holderBefore = new Map(
            [...env.leases.values()]
              .filter((l) => l.state === 'bound' && l.expiresAt > env.now)
              .map((l) => [l.address, l.clientKey]),
          );
          const v = env.send(m.message, received(m.message));
          if (v.kind === 'drop') expect(v.reason).toMatch(/^[a-z-]+$/);
          if (v.kind !== 'reply') continue;
          expect(encodeMessage(v.reply, { maxLength: 1500 }).ok).toBe(true);
          if (messageType(v.reply) !== 'DHCPACK' || v.reply.yiaddr === '0.0.0.0') continue;
          // An ACK binds yiaddr to the asking client: it must not have been someone else's.
          const y = ipv4ToNumber(v.reply.yiaddr);
          const now = env.leases.get(y);
          expect(now?.state).toBe('bound');
          const before = holderBefore.get(y);
          if (before !== undefined) expect(now?.clientKey).toBe(before);
        }
      }),
      { numRuns: 300 },
    );
  });
});
