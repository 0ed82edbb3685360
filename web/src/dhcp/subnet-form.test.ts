import { describe, expect, it } from 'vitest';
import { emptySubnet, fieldsToReservation, fieldsToSubnet, subnetToFields } from './subnet-form.ts';

describe('DHCP forms', () => {
  it('round-trips a subnet through its fields, keeping settings the form does not show', () => {
    const base = {
      ...emptySubnet(),
      id: 'lab',
      cidr: '10.0.0.0/24',
      ntpServers: ['10.0.0.3'],
      leaseTimes: { defaultSeconds: 600, minSeconds: 60, maxSeconds: 7200 },
    };
    const fields = {
      ...subnetToFields(base),
      pools: '10.0.0.10-10.0.0.20, 10.0.0.30',
      routers: '10.0.0.1',
      dnsServers: '10.0.0.2 10.0.0.3',
    };
    const s = fieldsToSubnet(fields, base);
    expect(s.pools).toEqual([
      { first: '10.0.0.10', last: '10.0.0.20' },
      { first: '10.0.0.30', last: '10.0.0.30' },
    ]);
    expect(s.dnsServers).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(s.ntpServers).toEqual(['10.0.0.3']);
    expect(s.leaseTimes).toEqual({ defaultSeconds: 600, minSeconds: 60, maxSeconds: 7200 });
    expect(subnetToFields(s).pools).toBe('10.0.0.10-10.0.0.20, 10.0.0.30-10.0.0.30');
  });

  it('trims reservation fields', () => {
    expect(
      fieldsToReservation({ id: ' pc ', mac: '52:54:00:00:00:01 ', clientId: '', address: '10.0.0.5', hostname: '' }),
    ).toMatchObject({ id: 'pc', mac: '52:54:00:00:00:01' });
  });
});
