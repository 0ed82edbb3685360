/**
 * `paddock up` on a lab host, reachable from this process: it runs inside the host (every
 * service on its eth0), and the demo's helper, started in the same host, forwards the console
 * and gRPC ports from this process's loopback to it. QEMU machines join the lab's bridge
 * through the inventory's qemu provider.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bridge, Host, LabProcess } from '@paddock/lab';
import { BootServiceDefinition } from '@paddock/proto/boot/v1/boot.ts';
import { DhcpServiceDefinition } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { InventoryServiceDefinition } from '@paddock/proto/inventory/v1/inventory.ts';
import { KeyServiceDefinition } from '@paddock/proto/keys/v1/keys.ts';
import { connect, createClient } from '@paddock/runtime';
import { CLI_BIN, REPO_ROOT } from '../paddock-process.ts';

export const HELPER = join(REPO_ROOT, 'services', 'cli', 'src', 'demo', 'demo-helper.ts');
const GRPC_PORT = 7400;
const HTTP_PORT = 7443;

export interface LabUp {
  dataDir: string;
  /** The running `paddock up`. */
  readonly up: LabProcess;
  /** Stops `paddock up` and starts it again on the same data dir and ports. */
  restart(): Promise<void>;
  /** gRPC and the console on this process's loopback. */
  grpcAddress: string;
  consoleUrl: string;
  token: string;
  clients(): {
    inventory: ReturnType<typeof createClient<typeof InventoryServiceDefinition>>;
    boot: ReturnType<typeof createClient<typeof BootServiceDefinition>>;
    dhcp: ReturnType<typeof createClient<typeof DhcpServiceDefinition>>;
    keys: ReturnType<typeof createClient<typeof KeyServiceDefinition>>;
    close(): void;
  };
}

export interface LabUpOptions {
  server: Host;
  bridge: Bridge;
  /** The subnet's first three octets: DHCP serves .100-.150. */
  net: string;
  dataDir: string;
  /** Where the helper writes its log. */
  dir: string;
  /** More flags (`--store etcd://…`, `--compute-host`). */
  args?: string[];
}

async function listen(): Promise<Server> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return s;
}

export async function startLabUp(o: LabUpOptions): Promise<LabUp> {
  const { server, bridge, net, dataDir } = o;
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
    ...(o.args ?? []),
  ]);
  let up = spawnUp();
  const listeners = [await listen(), await listen()];
  const fds = listeners.map((l) => (l as unknown as { _handle: { fd: number } })._handle.fd);
  const config = {
    forwards: [
      { fd: 3, port: GRPC_PORT },
      { fd: 4, port: HTTP_PORT },
    ],
  };
  const out = openSync(join(o.dir, `helper-${server.name}.log`), 'a');
  // Started here, not through the lab, to hand it the listening sockets; it lives in the
  // server's namespace, so destroying the lab ends it.
  spawn('ip', ['netns', 'exec', server.netns, process.execPath, HELPER, JSON.stringify(config)], {
    stdio: ['ignore', out, out, ...fds],
  }).unref();
  const portOf = (s: Server) => (s.address() as { port: number }).port;
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
    grpcAddress,
    consoleUrl,
    token,
    clients,
  };
}
