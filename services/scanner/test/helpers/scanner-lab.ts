/**
 * The scanner's lab, shared by the lab test and the benchmark: one bridge, a scanner host, N
 * live hosts each in its own namespace with its own MAC (so each address answers ARP as its own
 * machine), some silent hosts (up, addressed, but dropping all ARP with nftables), and helpers
 * to run the real `paddock scanner serve` inside the scanner host and reach it over a Unix socket.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { type Bridge, type Host, Lab } from '@paddock/lab';
import { ScannerServiceDefinition } from '@paddock/proto/scanner/v1/scanner.ts';
import { WakeServiceDefinition } from '@paddock/proto/scanner/v1/wake.ts';
import { type Client, createClient } from '@paddock/runtime';
import { joinSockets } from './join-sockets.ts';

export const CLI = join(import.meta.dirname, '..', '..', '..', 'cli', 'bin', 'paddock.js');
const HELPERS = join(import.meta.dirname);

export interface LabHost {
  host: Host;
  ip: string;
  mac: string;
}

export interface ScannerLab {
  lab: Lab;
  bridge: Bridge;
  scanner: Host;
  scannerIp: string;
  live: LabHost[];
  silent: LabHost[];
  subnet: string;
}

/** Locally administered MACs unless a vendor prefix is given (6 hex digits, or more). */
export function labMac(i: number, prefix = '02ee00'): string {
  const digits = prefix + i.toString(16).padStart(12 - prefix.length, '0');
  return digits.match(/../g)!.join(':').toLowerCase();
}

async function inBatches<T>(items: T[], size: number, fn: (t: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

export async function buildScannerLab(opts: {
  tag: string;
  /** Third octet of 10.X.Y.0/24. */
  net: string;
  live: number;
  silent: number;
  /** MAC of live host i (default: locally administered). */
  macOf?: (i: number) => string;
}): Promise<ScannerLab> {
  const lab = await Lab.create(opts.tag);
  try {
    const bridge = await lab.bridge('br0');
    const scanner = await lab.host('scanner');
    const scannerIp = `${opts.net}.1`;
    await lab.link(scanner, bridge, { ifname: 'eth0', addresses: [`${scannerIp}/24`], mac: '02:5c:00:00:00:01' });
    const make = async (name: string, ip: string, mac: string): Promise<LabHost> => {
      const host = await lab.host(name);
      // No IPv6 chatter: the lab's frames are exactly the ones the test makes.
      await host.sysctl('net.ipv6.conf.all.disable_ipv6', 1);
      await host.sysctl('net.ipv6.conf.default.disable_ipv6', 1);
      await lab.link(host, bridge, { ifname: 'eth0', addresses: [`${ip}/24`], mac });
      return { host, ip, mac };
    };
    const live: LabHost[] = [];
    const silent: LabHost[] = [];
    // Live hosts from .10 up, silent ones from .200 up; the rest of the /24 is empty.
    await inBatches(
      Array.from({ length: opts.live }, (_, i) => i),
      10,
      async (i) => {
        live[i] = await make(`h${i}`, `${opts.net}.${10 + i}`, opts.macOf?.(i) ?? labMac(0x100 + i));
      },
    );
    await inBatches(
      Array.from({ length: opts.silent }, (_, i) => i),
      10,
      async (i) => {
        const s = await make(`q${i}`, `${opts.net}.${200 + i}`, labMac(0x900 + i));
        await s.host.execOk(['nft', '-f', '-'], {
          input: 'table arp silent {\n chain incoming {\n type filter hook input priority 0; policy drop;\n }\n}\n',
        });
        silent[i] = s;
      },
    );
    return { lab, bridge, scanner, scannerIp, live, silent, subnet: `${opts.net}.0/24` };
  } catch (err) {
    await lab.destroy();
    throw err;
  }
}

export interface RunningScanner {
  /** A Unix socket reaching the server's HTTP port (console, gRPC-Web) in the lab. */
  httpSocket: string;
  scanner: Client<typeof ScannerServiceDefinition>;
  wake: Client<typeof WakeServiceDefinition>;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `paddock scanner serve --interface eth0` in the lab's scanner host and connects to it. */
export async function startScanner(l: ScannerLab, extraArgs: string[] = []): Promise<RunningScanner> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paddock-scanner-lab-'));
  const server = l.scanner.spawnNode(CLI, [
    'scanner',
    'serve',
    '--interface',
    'eth0',
    '--insecure',
    '--grpc-listen',
    '127.0.0.1:0',
    '--http-listen',
    '127.0.0.1:0',
    '--data-dir',
    dataDir,
    '--log-level',
    'warn',
    ...extraArgs,
  ]);
  const runFile = join(dataDir, 'run', 'scanner.json');
  for (let i = 0; !existsSync(runFile); i++) {
    if (server.exitCode !== undefined || i > 300) throw new Error(`scanner did not start:\n${server.output()}`);
    await delay(100);
  }
  const run = JSON.parse(readFileSync(runFile, 'utf8')) as { grpc: string; http: string };
  const socket = join(dataDir, 'grpc.sock');
  const httpSocket = join(dataDir, 'http.sock');
  const forward = l.scanner.spawnNode(join(HELPERS, 'unix-forward.ts'), [socket, run.grpc]);
  const httpForward = l.scanner.spawnNode(join(HELPERS, 'unix-forward.ts'), [
    httpSocket,
    run.http.replace(/^https?:\/\//, ''),
  ]);
  await forward.waitForOutput(/forwarding/);
  await httpForward.waitForOutput(/forwarding/);
  const creds = grpc.credentials.createInsecure();
  const scanner = createClient(ScannerServiceDefinition, `unix://${socket}`, creds);
  const wake = createClient(WakeServiceDefinition, `unix://${socket}`, creds);
  return {
    httpSocket,
    scanner,
    wake,
    dataDir,
    output: () => server.output(),
    async stop() {
      scanner.close();
      wake.close();
      await forward.kill();
      await httpForward.kill();
      await server.kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A TCP port on this namespace's loopback that pipes every connection to a Unix socket. */
export async function loopbackToUnix(path: string): Promise<{ port: number; close(): Promise<void> }> {
  const open = new Set<{ destroy(): void }>();
  const server = createServer((client) => {
    const upstream = connect(path);
    open.add(client).add(upstream);
    joinSockets(client, upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const c of open) c.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Starts the listeners helper in a host ("tcp:22", "udp:53", "udp-silent:99"). */
export async function listen(host: Host, specs: string[]): Promise<void> {
  const p = host.spawnNode(join(HELPERS, 'listeners.ts'), specs);
  await p.waitForOutput(/listening/);
}

export const SLEEPER = join(HELPERS, 'sleeper.ts');
