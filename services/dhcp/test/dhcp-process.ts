/**
 * `node dhcp-process.ts DATA_DIR IFNAME CIDR RANGE [SETTINGS_JSON]`: a DHCP server process of its own, for
 * tests that kill it (SIGKILL) and start it again. The same module and quick-flag path as
 * `paddock dhcp serve`, without the rest of the CLI. PADDOCK_DHCP_NETNS opens its sockets in
 * that namespace (the process itself stays where it can reach etcd on loopback);
 * PADDOCK_DHCP_STORE=etcd://… keeps its leases there; PADDOCK_DHCP_ALLOCATION_START=0 makes
 * servers sharing a store pick the same free addresses (the worst case for their claims).
 */
import { parseStoreUrl } from '@paddock/etcd';
import { startServer } from '@paddock/runtime';
import { testServerConfig } from '@paddock/testkit';
import { quickSubnet } from '../src/config/serve-config.ts';
import { createDhcp } from '../src/module.ts';

const [dataDir, ifname, subnet, range, settings] = process.argv.slice(2) as [string, string, string, string, string?];
const doc = quickSubnet({ subnet, range, interface: [ifname] })!;
const store = parseStoreUrl(process.env['PADDOCK_DHCP_STORE'] ?? 'sqlite');
if ('error' in store) throw new Error(store.error);
const netns = process.env['PADDOCK_DHCP_NETNS'];
const start = process.env['PADDOCK_DHCP_ALLOCATION_START'];
const server = await startServer({
  name: 'dhcp',
  config: testServerConfig(dataDir, 'info'),
  modules: [
    createDhcp({
      interfaces: [ifname],
      subnets: [doc],
      settings: settings ? JSON.parse(settings) : {},
      commitThread: process.env['PADDOCK_DHCP_COMMIT_THREAD'] !== '0',
      store,
      site: 'lab',
      ...(netns ? { netns } : {}),
      ...(start ? { allocationStart: Number(start) } : {}),
    }).factory,
  ],
});
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
