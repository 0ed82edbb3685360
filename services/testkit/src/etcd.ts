/**
 * Real etcd servers for tests (Debian's etcd-server, installed by scripts/setup.sh): on
 * loopback only, ports chosen free by the kernel, each member's data in its own temporary
 * directory, stopped by its pid and removed on close. Test-only: no production package uses this.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { type EtcdTlsFiles, makeEtcdTls } from './etcd-tls.ts';

const run = promisify(execFile);

export interface EtcdMember {
  name: string;
  /** host:port of its client URL. */
  endpoint: string;
  pid: number;
  /** Stops this member only (kill -9 when `hard`), keeping its data for `restart`. */
  stop(hard?: boolean): Promise<void>;
  restart(): Promise<void>;
}

export interface EtcdCluster {
  members: EtcdMember[];
  /** Every member's endpoint, comma-separated, as `--store etcd://…` takes them. */
  endpoints: string;
  /** With `tls`: the CA and a client certificate (clients must present one: --client-cert-auth). */
  tls?: EtcdTlsFiles;
  /** The index of the member the cluster follows now, -1 while none leads (stopped members are not asked). */
  leader(): Promise<number>;
  /** Stops every member and removes the data. */
  close(): Promise<void>;
}

export interface EtcdStartOptions {
  /** Clients speak TLS and must present a certificate the cluster's CA signed (made with openssl). */
  tls?: boolean;
  /**
   * Run the members inside this lab namespace, listening on `address` there (a lab host's
   * own address), for servers that run inside the lab; loopback of this process otherwise.
   */
  netns?: { name: string; address: string };
  /**
   * Where the members' data directories go (a temporary directory under it); the system's
   * temporary directory by default. `/dev/shm` runs etcd on tmpfs, as a small lab might.
   */
  under?: string;
}

/** One etcd member on loopback. */
export function startEtcd(opts: EtcdStartOptions = {}): Promise<EtcdCluster> {
  return startEtcdCluster(1, opts);
}

/** `size` members forming one cluster on loopback; resolves once every member is healthy. */
export async function startEtcdCluster(size = 3, opts: EtcdStartOptions = {}): Promise<EtcdCluster> {
  const dir = mkdtempSync(join(opts.under ?? tmpdir(), 'pdk-etcd-'));
  const tls = opts.tls ? makeEtcdTls(dir) : undefined;
  const ports = await freePorts(size * 2);
  const specs = Array.from({ length: size }, (_, i) => ({
    name: `m${i}`,
    client: ports[2 * i]!,
    peer: ports[2 * i + 1]!,
  }));
  const ip = opts.netns?.address ?? '127.0.0.1';
  const initial = specs.map((s) => `${s.name}=http://${ip}:${s.peer}`).join(',');
  const members = specs.map((s) => member(s, initial, join(dir, s.name), tls, opts.netns));
  const cluster: EtcdCluster = {
    members,
    endpoints: members.map((m) => m.endpoint).join(','),
    ...(tls ? { tls } : {}),
    leader: () => leaderOf(members, tls, opts.netns?.name),
    async close() {
      await Promise.all(members.map((m) => m.stop(true)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(members.map((m) => m.restart()));
  } catch (err) {
    await cluster.close();
    throw err;
  }
  return cluster;
}

function member(
  s: { name: string; client: number; peer: number },
  initial: string,
  dataDir: string,
  tls: EtcdTlsFiles | undefined,
  netns: EtcdStartOptions['netns'],
): EtcdMember {
  let child: ChildProcess | undefined;
  let output = '';
  const ip = netns?.address ?? '127.0.0.1';
  const endpoint = `${ip}:${s.client}`;
  const scheme = tls ? 'https' : 'http';
  const args = [
    `--name=${s.name}`,
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${scheme}://${endpoint}`,
    `--advertise-client-urls=${scheme}://${endpoint}`,
    ...(tls
      ? [
          `--cert-file=${tls.serverCert}`,
          `--key-file=${tls.serverKey}`,
          `--trusted-ca-file=${tls.ca}`,
          '--client-cert-auth',
        ]
      : []),
    `--listen-peer-urls=http://${ip}:${s.peer}`,
    `--initial-advertise-peer-urls=http://${ip}:${s.peer}`,
    `--initial-cluster=${initial}`,
    '--initial-cluster-state=new',
    '--initial-cluster-token=paddock-test',
    // Short elections: a test that stops a member waits seconds, not tens of seconds.
    '--heartbeat-interval=50',
    '--election-timeout=500',
    '--log-level=warn',
  ];
  const m: EtcdMember = {
    name: s.name,
    endpoint,
    pid: 0,
    async stop(hard = false) {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((resolve) => c.once('exit', resolve));
      process.kill(c.pid!, hard ? 'SIGKILL' : 'SIGTERM');
      await exited;
    },
    async restart() {
      output = '';
      // `ip netns exec` execs etcd: the pid is etcd's own, so stop() signals etcd itself.
      child = netns
        ? spawn('ip', ['netns', 'exec', netns.name, 'etcd', ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
        : spawn('etcd', args, { stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr!.on('data', (b: Buffer) => {
        output = (output + b.toString()).slice(-4000);
      });
      m.pid = child.pid ?? 0;
      await healthy(endpoint, child, () => output, tls, netns?.name);
    },
  };
  return m;
}

async function healthy(
  endpoint: string,
  child: ChildProcess,
  output: () => string,
  tls: EtcdTlsFiles | undefined,
  netns: string | undefined,
): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`etcd on ${endpoint} exited: ${output()}`);
    const ok = await (netns ? healthIn(netns, endpoint) : health(endpoint, tls)).catch(() => false);
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`etcd on ${endpoint} not healthy within 20 s: ${output()}`);
}

/** etcd's /health, over TLS with the client certificate when the cluster wants one. */
function health(endpoint: string, tls: EtcdTlsFiles | undefined): Promise<boolean> {
  const files = tls && { ca: readFileSync(tls.ca), cert: readFileSync(tls.cert), key: readFileSync(tls.key) };
  return new Promise((resolve, reject) => {
    const req = (files ? httpsGet : httpGet)(
      `${files ? 'https' : 'http'}://${endpoint}/health`,
      { ...files, timeout: 2_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve(body.includes('"health":"true"')));
      },
    );
    req.on('error', reject).on('timeout', () => req.destroy(new Error('timeout')));
  });
}

/** etcd's /health asked from inside a lab namespace (this process cannot reach it there). */
async function healthIn(netns: string, endpoint: string): Promise<boolean> {
  const { stdout } = await run('ip', ['netns', 'exec', netns, 'curl', '-s', '-m', '2', `http://${endpoint}/health`]);
  return stdout.includes('"health":"true"');
}

/** Asks each member whom it follows (`etcdctl endpoint status`); ids compared as text (they exceed 2^53). */
async function leaderOf(
  members: EtcdMember[],
  tls: EtcdTlsFiles | undefined,
  netns: string | undefined,
): Promise<number> {
  const scheme = tls ? 'https' : 'http';
  const args = [
    `--endpoints=${members.map((m) => `${scheme}://${m.endpoint}`).join(',')}`,
    ...(tls ? [`--cacert=${tls.ca}`, `--cert=${tls.cert}`, `--key=${tls.key}`] : []),
    ...['--command-timeout=2s', 'endpoint', 'status', '-w', 'json'],
  ];
  const [cmd, argv] = netns ? ['ip', ['netns', 'exec', netns, 'etcdctl', ...args]] : ['etcdctl', args];
  let out: string;
  try {
    out = (await run(cmd, argv, { env: { ...process.env, ETCDCTL_API: '3' } })).stdout;
  } catch (err) {
    // A stopped member fails the command; the others' answers are still printed.
    out = (err as { stdout?: string }).stdout ?? '';
  }
  for (const [, endpoint, id, leader] of out.matchAll(/"Endpoint":"([^"]+)".*?"member_id":(\d+).*?"leader":(\d+)/g))
    if (id === leader) return members.findIndex((m) => endpoint!.endsWith(m.endpoint));
  return -1;
}

/** Ports the kernel says are free now (each listened on then closed). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const srv = createServer();
          srv.once('error', reject);
          srv.listen(0, '127.0.0.1', () => resolve(srv));
        }),
    ),
  );
  const ports = servers.map((srv) => (srv.address() as { port: number }).port);
  await Promise.all(servers.map((srv) => new Promise((r) => srv.close(r))));
  return ports;
}
