/**
 * A DHCP lab: one bridge, a server host (10.77.0.1/24 on eth0) running the DHCP module
 * in-process with its sockets in the server's namespace, and client hosts to run real DHCP
 * clients in. gRPC listens on loopback of this process (insecure, loopback only).
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bridge, type Host, Lab } from '@paddock/lab';
import { DhcpServiceDefinition } from '@paddock/proto/dhcp/v1/dhcp.ts';
import type { Client } from '@paddock/runtime';
import { startTestServer, type TestServer } from '@paddock/testkit';
import { createDhcp, type DhcpModuleOptions } from '../src/module.ts';

export const SERVER_IP = '10.77.0.1';

export interface DhcpLab {
  lab: Lab;
  bridge: Bridge;
  server: Host;
  dir: string;
  /** A new client host with one link (eth0 by default) to the bridge. */
  client(name: string, opts?: { mac?: string; ifname?: string }): Promise<Host>;
  destroy(): Promise<void>;
}

export async function dhcpLab(tag: string): Promise<DhcpLab> {
  const lab = await Lab.create(tag);
  const dir = mkdtempSync(join(tmpdir(), `pdk-dhcp-${tag}-`));
  try {
    const bridge = await lab.bridge();
    const server = await lab.host('server');
    await lab.link(server, bridge, { ifname: 'eth0', addresses: [`${SERVER_IP}/24`] });
    return {
      lab,
      bridge,
      server,
      dir,
      async client(name, opts = {}) {
        const host = await lab.host(name);
        await lab.link(host, bridge, { ifname: opts.ifname ?? 'eth0', ...(opts.mac && { mac: opts.mac }) });
        return host;
      },
      async destroy() {
        await lab.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await lab.destroy();
    throw err;
  }
}

export interface RunningDhcp {
  server: TestServer;
  api: Client<typeof DhcpServiceDefinition>;
  close(): Promise<void>;
}

/** Starts a Paddock server with only the DHCP module, serving eth0 of the lab's server host. */
export async function startDhcp(
  l: DhcpLab,
  opts: Partial<DhcpModuleOptions> = {},
  dataDir = join(l.dir, 'data'),
  webRoot?: string,
): Promise<RunningDhcp> {
  const server = await startTestServer({
    name: 'dhcp',
    dataDir,
    modules: [createDhcp({ interfaces: ['eth0'], netns: l.server.netns, subnets: [LAB_SUBNET], ...opts }).factory],
    ...(webRoot && { webRoot }),
  });
  return { server, api: server.client(DhcpServiceDefinition), close: () => server.close() };
}

export const LAB_SUBNET = {
  id: 'lab',
  cidr: '10.77.0.0/24',
  pools: [{ first: '10.77.0.100', last: '10.77.0.199' }],
  routers: [SERVER_IP],
  dnsServers: [SERVER_IP],
  domainSearch: [],
  ntpServers: [],
  classlessRoutes: [],
  leaseTimes: {},
  options: [],
  boot: [],
  relayAddresses: [],
  identifyByMac: false,
};

/**
 * A client hook script: prints one line `EVENT ip=... ` per event and configures the address
 * (inside the client's namespace only), so unicast renewals work as on a real machine.
 */
export function hookScript(dir: string, name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}
