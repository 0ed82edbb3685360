import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, runtimeConfigSchema } from '@paddock/runtime';
import { describe, expect, it } from 'vitest';
import { dhcpConfigSchema, dhcpOptionsFromConfig } from './serve-config.ts';

const dhcpServeSchema = runtimeConfigSchema.extend(dhcpConfigSchema.shape).strict();

const load = (flags: Record<string, unknown>, yaml?: string) => {
  const file = yaml ? join(mkdtempSync(join(tmpdir(), 'pdk-dhcp-cfg-')), 'c.yaml') : undefined;
  if (file && yaml) writeFileSync(file, yaml);
  return dhcpOptionsFromConfig(loadConfig(dhcpServeSchema, { flags, env: {}, ...(file && { file }) }));
};

describe('paddock dhcp serve configuration', () => {
  it('turns the quick flags into one subnet on the one interface', () => {
    const o = load({
      interface: ['eth1'],
      subnet: '10.5.0.0/24',
      range: '10.5.0.10-10.5.0.20',
      router: '10.5.0.1',
      dns: '1.1.1.1,9.9.9.9',
      leaseTime: '600',
    });
    expect(o.interfaces).toEqual(['eth1']);
    expect(o.subnets).toEqual([
      expect.objectContaining({
        id: '10-5-0-0-24',
        interface: 'eth1',
        pools: [{ first: '10.5.0.10', last: '10.5.0.20' }],
        routers: ['10.5.0.1'],
        dnsServers: ['1.1.1.1', '9.9.9.9'],
        leaseTimes: { defaultSeconds: 600, maxSeconds: 86_400 },
      }),
    ]);
  });

  it('defaults the pool to every host address, and needs an interface', () => {
    expect(load({ interface: 'eth0', subnet: '10.6.0.0/29' }).subnets?.[0]?.pools).toEqual([
      { first: '10.6.0.1', last: '10.6.0.6' },
    ]);
    expect(() => load({ subnet: '10.6.0.0/29' })).toThrow(/--interface IF/);
    expect(() => load({ interface: 'eth0', range: '10.6.0.1-10.6.0.2' })).toThrow(/need --subnet/);
  });

  it('reads subnets, reservations and settings from YAML in kebab-case, naming bad keys', () => {
    const o = load(
      {},
      `interface: [eth0, eth1]
declineSeconds: 30
conflict-detection:
  timeout-ms: 200
subnets:
  - id: a
    cidr: 10.7.0.0/24
    pools: [10.7.0.10-10.7.0.20]
    lease-times: { default-seconds: 120 }
    boot:
      - architectures: [7]
        boot-file: ipxe.efi
reservations:
  - { id: r, mac: 52-54-00-00-00-01, address: 10.7.0.5 }
`,
    );
    expect(o.interfaces).toEqual(['eth0', 'eth1']);
    expect(o.settings).toMatchObject({ declineSeconds: 30, conflictDetection: { timeoutMs: 200, enabled: true } });
    expect(o.subnets?.[0]).toMatchObject({
      leaseTimes: { defaultSeconds: 120 },
      boot: [{ architectures: [7], bootFile: 'ipxe.efi' }],
    });
    expect(o.reservations?.[0]?.mac).toBe('52:54:00:00:00:01');
    expect(() => load({}, 'interface: eth0\nsubnets:\n  - { id: a, cidr: 10.7.0.0/24, pool: x }\n')).toThrow(
      /subnets\[0\]: Unrecognized key/,
    );
  });
});
