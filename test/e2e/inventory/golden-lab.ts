/**
 * The golden path's lab: a bridge, a "server" host (the subnet's first address) running
 * `paddock up` with every service on its eth0 (answering iPXE's router solicitations too), and
 * the demo's helper in the same host, which forwards the console and gRPC ports to this
 * process's loopback. QEMU machines join the bridge through the inventory's qemu provider.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bridge, type Host, Lab } from '@paddock/lab';
import { type LabUp, startLabUp } from './lab-up.ts';

export interface GoldenLab extends LabUp {
  lab: Lab;
  bridge: Bridge;
  server: Host;
  net: string;
  dir: string;
  destroy(): Promise<void>;
}

export async function startGoldenLab(tag: string, octet: number): Promise<GoldenLab> {
  const net = `10.${octet}.0`;
  const lab = await Lab.create(tag);
  const dir = mkdtempSync(join(tmpdir(), 'paddock-golden-'));
  try {
    const bridge = await lab.bridge('br0');
    const server = await lab.host('server');
    await lab.link(server, bridge, { ifname: 'eth0', addresses: [`${net}.1/24`], mac: '02:00:00:00:00:01' });
    const u = await startLabUp({ server, bridge, net, dataDir: join(dir, 'data'), dir });
    return {
      lab,
      bridge,
      server,
      net,
      dir,
      dataDir: u.dataDir,
      get up() {
        return u.up;
      },
      restart: () => u.restart(),
      grpcAddress: u.grpcAddress,
      consoleUrl: u.consoleUrl,
      token: u.token,
      clients: u.clients,
      async destroy() {
        await lab.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await lab.destroy();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
