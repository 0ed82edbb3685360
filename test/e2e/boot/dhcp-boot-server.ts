/**
 * `paddock dhcp` and `paddock boot` in one process, as `paddock up` will run them: the DHCP
 * module asks the boot module for boot answers; the boot module answers router solicitations. Run inside a lab host (argv: data dir,
 * interface, subnet prefix such as 10.82.0); loopback API, insecure, for the e2e test only.
 */
import { bootConfigSchema, createBoot, resolveBootSettings } from '@paddock/boot';
import { createDhcp, subnetSchema } from '@paddock/dhcp';
import { interfaceInfo } from '@paddock/netio';
import { startServer } from '@paddock/runtime';
import { testServerConfig } from '@paddock/testkit';

const [dataDir, iface, net] = process.argv.slice(2) as [string, string, string];
const info = interfaceInfo(iface);
const boot = createBoot(
  resolveBootSettings(bootConfigSchema.parse({ interface: iface, routerAdvert: true }), {
    address: info.ipv4[0]?.address,
    mtu: info.mtu,
  }),
);
const subnet = subnetSchema.parse({
  id: 'lab',
  cidr: `${net}.0/24`,
  interface: iface,
  pools: [`${net}.100-${net}.150`],
});
const server = await startServer({
  name: 'up',
  config: testServerConfig(dataDir, 'warn'),
  modules: [
    boot.factory,
    // No ping before offer here: a VM boot should not pay for conflict probes (pxe-lab notes).
    createDhcp({
      interfaces: [iface],
      subnets: [subnet],
      boot: boot.provider,
      settings: { conflictDetection: { enabled: false } } as never,
    }).factory,
  ],
});
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
