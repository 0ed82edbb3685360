import { BROADCAST_FLAG, emptyMessage, setMessageType } from '@paddock/dhcp-codec';
import { describe, expect, it } from 'vitest';
import { replyDestination } from './destination.ts';

const req = (over: Partial<ReturnType<typeof emptyMessage>> = {}) => ({
  ...emptyMessage(),
  chaddr: Uint8Array.of(2, 0, 0, 0, 0, 1),
  ...over,
});
const offer = setMessageType({ ...emptyMessage(2), yiaddr: '10.0.0.5' }, 'DHCPOFFER');
const nak = setMessageType(emptyMessage(2), 'DHCPNAK');

describe('reply destination (RFC 2131 §4.1)', () => {
  it('goes to the relay on port 67 whenever giaddr is set', () => {
    expect(replyDestination(req({ giaddr: '10.9.0.1', ciaddr: '10.9.0.5' }), offer)).toEqual({
      kind: 'relay',
      address: '10.9.0.1',
      port: 67,
    });
  });
  it('unicasts to ciaddr, but broadcasts a NAK', () => {
    expect(replyDestination(req({ ciaddr: '10.0.0.5' }), offer)).toEqual({
      kind: 'unicast',
      address: '10.0.0.5',
      port: 68,
    });
    expect(replyDestination(req({ ciaddr: '10.0.0.5' }), nak)).toEqual({ kind: 'broadcast', port: 68 });
  });
  it('broadcasts when the client sets the broadcast bit', () => {
    expect(replyDestination(req({ flags: BROADCAST_FLAG }), offer)).toEqual({ kind: 'broadcast', port: 68 });
  });
  it('sends to the hardware address and yiaddr otherwise; broadcasts for non-Ethernet hardware', () => {
    expect(replyDestination(req(), offer)).toMatchObject({ kind: 'hardware', address: '10.0.0.5' });
    expect(replyDestination(req({ htype: 32, hlen: 16, chaddr: new Uint8Array(16).fill(1) }), offer)).toEqual({
      kind: 'broadcast',
      port: 68,
    });
  });
});
