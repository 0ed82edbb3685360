import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { DhcpStats } from './stats.ts';

describe('DhcpStats', () => {
  it('counts into GetStats maps and shows the same numbers to Prometheus', async () => {
    const registry = new Registry();
    const s = new DhcpStats(registry);
    s.countReceived('DHCPDISCOVER');
    s.countReceived('DHCPDISCOVER');
    s.countDropped('bad-magic-cookie');
    s.countBatch(12);
    expect(s.received.get('DHCPDISCOVER')).toBe(2);
    const text = await registry.metrics();
    expect(text).toContain('paddock_dhcp_received_total{type="DHCPDISCOVER"} 2');
    expect(text).toContain('paddock_dhcp_dropped_total{reason="bad-magic-cookie"} 1');
    expect(text).toContain('paddock_dhcp_commit_batch_rows_bucket{le="16"} 1');
    s.countReceived('DHCPDISCOVER');
    expect(await registry.metrics()).toContain('paddock_dhcp_received_total{type="DHCPDISCOVER"} 3');
  });
});
