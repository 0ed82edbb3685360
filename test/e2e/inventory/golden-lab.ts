/**
 * The golden path's lab: a bridge, a "server" host (the subnet's first address) running
 * `paddock up` with every service on its eth0 (answering iPXE's router solicitations too), and
 * the demo's helper in the same host, which forwards the console and gRPC ports to this
 * process's loopback. QEMU machines join the bridge through the inventory's qemu provider.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Bridge, type Host, Lab, type LabProcess } from '@paddock/lab';
import { BootServiceDefinition } from '@paddock/proto/boot/v1/boot.ts';
import { DhcpServiceDefinition } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { InventoryServiceDefinition } from '@paddock/proto/inventory/v1/inventory.ts';
import { KeyServiceDefinition } from '@paddock/proto/keys/v1/keys.ts';
import { connect, createClient } from '@paddock/runtime';
import { CLI_BIN, REPO_ROOT } from '../paddock-process.ts';

export const HELPER = join(REPO_ROOT, 'services', 'cli', 'src', 'demo', 'demo-helper.ts');
const GRPC_PORT = 7400;
const HTTP_PORT = 7443;

export interface GoldenLab {
  lab: Lab;
  bridge: Bridge;
  server: Host;
  net: string;
  dir: string;
  dataDir: string;
  /** The running `paddock up`. */
  readonly up: LabProcess;
  /** Stops `paddock up` and starts it again on the same data dir and ports. */
  restart(): Promise<void>;
  /** The console on this host's loopback. */
  consoleUrl: string;
  /** gRPC on this host's loopback, for the CLI (with `--data-dir dataDir`). */
  grpcAddress: string;
  token: string;
  clients(): {
    inventory: ReturnType<typeof createClient<typeof InventoryServiceDefinition>>;
    boot: ReturnType<typeof createClient<typeof BootServiceDefinition>>;
    dhcp: ReturnType<typeof createClient<typeof DhcpServiceDefinition>>;
    keys: ReturnType<typeof createClient<typeof KeyServiceDefinition>>;
    close(): void;
  };
  destroy(): Promise<void>;
}

async function listen(): Promise<Server> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return s;
}

const portOf = (s: Server) => (s.address() as { port: number }).port;

export async function startGoldenLab(tag: string, octet: number): Promise<GoldenLab> {
  const net = `10.${octet}.0`;
  const lab = await Lab.create(tag);
  const dir = mkdtempSync(join(tmpdir(), 'paddock-golden-'));
  const dataDir = join(dir, 'data');
  const listeners: Server[] = [];
  try {
    const bridge = await lab.bridge('br0');
    const server = await lab.host('server');
    await lab.link(server, bridge, { ifname: 'eth0', addresses: [`${net}.1/24`], mac: '02:00:00:00:00:01' });
    // biome-ignore format: flag and value pairs read best side by side
    const spawnUp = () =>
      server.spawnNode(CLI_BIN, [
      'up',
      '--interface', 'eth0',
      '--subnet', `${net}.0/24`,
      '--range', `${net}.100-${net}.150`,
      '--data-dir', dataDir,
      '--grpc-listen', `127.0.0.1:${GRPC_PORT}`,
      // Machines enrol with the keys service on this port over the lab network (inside the lab only).
      '--http-listen', `0.0.0.0:${HTTP_PORT}`,
      '--qemu-netns', bridge.netns,
      '--qemu-bridge', bridge.name,
      '--scan-interval', '10',
      '--reconcile-interval', '1',
      '--router-advert',
      '--log-level', 'warn',
    ]);
    let up = spawnUp();
    listeners.push(await listen(), await listen());
    const fds = listeners.map((l) => (l as unknown as { _handle: { fd: number } })._handle.fd);
    const config = {
      forwards: [
        { fd: 3, port: GRPC_PORT },
        { fd: 4, port: HTTP_PORT },
      ],
    };
    const out = openSync(join(dir, 'helper.log'), 'a');
    // Started here, not through the lab, to hand it the listening sockets; it lives in the
    // server's namespace, so destroying the lab ends it.
    spawn('ip', ['netns', 'exec', server.netns, process.execPath, HELPER, JSON.stringify(config)], {
      stdio: ['ignore', out, out, ...fds],
    }).unref();
    const grpcAddress = `127.0.0.1:${portOf(listeners[0]!)}`;
    const consoleUrl = `https://127.0.0.1:${portOf(listeners[1]!)}`;
    for (const l of listeners) l.close();
    const started = async () => {
      const deadline = Date.now() + 60_000;
      while (!existsSync(join(dataDir, 'run', 'up.json'))) {
        if (up.exitCode !== undefined || Date.now() > deadline)
          throw new Error(`paddock up did not start:\n${up.output()}`);
        await sleep(100);
      }
    };
    await started();
    const { readFileSync } = await import('node:fs');
    const token = readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();
    const clients = () => {
      const c = connect({ dataDir, server: grpcAddress });
      const inventory = createClient(InventoryServiceDefinition, c.address, c.credentials, c.options);
      const boot = createClient(BootServiceDefinition, c.address, c.credentials, c.options);
      const dhcp = createClient(DhcpServiceDefinition, c.address, c.credentials, c.options);
      const keys = createClient(KeyServiceDefinition, c.address, c.credentials, c.options);
      return {
        inventory,
        boot,
        dhcp,
        keys,
        close: () => {
          for (const x of [inventory, boot, dhcp, keys]) x.close();
        },
      };
    };
    return {
      lab,
      bridge,
      server,
      net,
      dir,
      dataDir,
      get up() {
        return up;
      },
      async restart() {
        await up.kill('SIGTERM', 5000);
        rmSync(join(dataDir, 'run', 'up.json'), { force: true });
        up = spawnUp();
        await started();
      },
      consoleUrl,
      grpcAddress,
      token,
      clients,
      async destroy() {
        await lab.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    for (const l of listeners) l.close();
    await lab.destroy();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
