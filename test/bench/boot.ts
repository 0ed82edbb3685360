/**
 * Boot service benchmark: Paddock's TFTP and boot HTTP against tftpd-hpa, dnsmasq's TFTP,
 * atftpd (windowsize 16) and nginx, on the same lab (two namespaces, one bridge, MTU 1500) in
 * the same run. Run as root after scripts/setup.sh:
 *
 *   node test/bench/boot.ts [--repeat 3] [--clients 100]
 *
 * Every server runs at once on its own address of the server host, and each round measures
 * them in turn, the order rotating, so a noisy spell of this small machine falls on all of them
 * alike. Every transfer's SHA-256 is checked. Times are medians of --repeat rounds; ratios are
 * peer time / Paddock time (above 1: Paddock is faster). Prints a markdown table.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Host, Lab, type LabProcess } from '@paddock/lab';

const { values: args } = parseArgs({
  options: { repeat: { type: 'string', default: '3' }, clients: { type: 'string', default: '100' } },
});
const REPEAT = Number(args.repeat);
const CLIENTS = Number(args.clients);
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'services', 'cli', 'bin', 'paddock.js');
const ATFTPD = join(ROOT, '.cache', 'boot', 'root', 'usr', 'sbin', 'atftpd');
/** Each server's address on the server host; the client is .2. */
const AT = { paddock: '10.85.0.1', 'tftpd-hpa': '10.85.0.11', dnsmasq: '10.85.0.12', atftpd: '10.85.0.13' };
const MiB = 1 << 20;

const dir = mkdtempSync(join(tmpdir(), 'paddock-bench-boot-'));
const files = { big: randomBytes(64 * MiB), mid: randomBytes(16 * MiB) };
const want = { big: sha(files.big), mid: sha(files.mid) };
writeFileSync(join(dir, 'big.bin'), files.big);
writeFileSync(join(dir, 'mid.bin'), files.mid);

function sha(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const median = (xs: number[]) => pct(xs, 50);
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 500));

/** Runs a shell pipeline in the client host; returns seconds, checking the sha256 it printed. */
async function timed(client: Host, pipeline: string, expect: string, label: string): Promise<number> {
  const t0 = performance.now();
  const r = await client.exec(['sh', '-c', `${pipeline} | sha256sum`], { timeoutMs: 180_000 });
  const s = (performance.now() - t0) / 1000;
  const got = r.stdout.split(' ')[0] ?? '';
  if (got !== expect) throw new Error(`${label}: checksum mismatch (${got || 'no output'})`);
  return s;
}

const curlTftp = (at: string, file: string) => `curl -sS --tftp-blksize 1468 tftp://${at}/${file}`;
const atftpW16 = (at: string) =>
  `atftp --option "blksize 1468" --option "windowsize 16" -g -r big.bin -l /dev/stdout ${at} 2>/dev/null`;

/** CLIENTS transfers of mid.bin at once; every one must complete with a matching checksum. */
async function concurrent(client: Host, at: string, label: string): Promise<Record<string, number>> {
  const one = () => timed(client, curlTftp(at, 'mid.bin'), want.mid, `${label} concurrent`);
  const times = await Promise.all(Array.from({ length: CLIENTS }, one));
  return { p50: pct(times, 50), p99: pct(times, 99) };
}

/** One comparison: each server's measurement, taken once per round. */
interface Case {
  rows: { what: string; key: string }[];
  servers: Record<string, () => Promise<Record<string, number>>>;
}

const lab = await Lab.create('benchboot');
const started: LabProcess[] = [];
try {
  const br = await lab.bridge();
  const server = await lab.host('server');
  await lab.link(server, br, { ifname: 'eth0', addresses: Object.values(AT).map((a) => `${a}/24`) });
  const client = await lab.host('client');
  await lab.link(client, br, { ifname: 'eth0', addresses: ['10.85.0.2/24'] });
  for (const a of Object.values(AT)) await client.execOk(['ping', '-c1', a]);

  // Paddock: the real `paddock boot serve`, files uploaded through its API.
  const data = join(dir, 'paddock');
  const paddock = server.spawnNode(CLI, [
    ...['boot', 'serve', '--interface', 'eth0', '--data-dir', data, '--insecure'],
    ...['--grpc-listen', '127.0.0.1:0', '--http-listen', '127.0.0.1:0', '--log-level', 'warn'],
    ...['--tftp-listen', `${AT.paddock}:69`, '--boot-http-listen', `${AT.paddock}:8080`],
    // Every benchmark client runs on one lab host: lift the per-address limit as tftpd-hpa has none.
    ...['--tftp-per-client', '1000'],
  ]);
  started.push(paddock);
  const cli = (a: string[]) => server.execOk([process.execPath, CLI, ...a, '--data-dir', data]);
  for (let i = 0; (await server.exec([process.execPath, CLI, 'boot', 'files', '--data-dir', data])).code !== 0; i++) {
    if (i > 100) throw new Error(`paddock did not start: ${paddock.output()}`);
    await settle();
  }
  await cli(['boot', 'files', 'upload', join(dir, 'big.bin')]);
  await cli(['boot', 'files', 'upload', join(dir, 'mid.bin')]);

  started.push(server.spawn(['in.tftpd', '-L', '-u', 'root', '-s', dir, '-a', `${AT['tftpd-hpa']}:69`]));
  started.push(
    server.spawn([
      ...['dnsmasq', '--no-daemon', '--conf-file=/dev/null', '--port=0', '--user=root', '--group=root'],
      ...['--enable-tftp', `--tftp-root=${dir}`, `--listen-address=${AT.dnsmasq}`, '--bind-interfaces'],
    ]),
  );
  started.push(
    server.spawn([
      ...[ATFTPD, '--daemon', '--no-fork', '--user', 'root.root', '--bind-address', AT.atftpd],
      ...['--logfile', '/dev/null', dir],
    ]),
  );
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off; master_process off; worker_processes 1; error_log stderr; pid ${dir}/nginx.pid;
events {}
http { access_log off; sendfile on; tcp_nopush on; default_type application/octet-stream;
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server { listen ${AT.paddock}:8081; root ${dir}; } }
`,
  );
  started.push(server.spawn(['nginx', '-c', join(dir, 'nginx.conf'), '-p', dir]));
  await settle();

  const lockstep = (name: keyof typeof AT) => async () => ({
    single: await timed(client, curlTftp(AT[name], 'big.bin'), want.big, name),
  });
  const cases: Case[] = [
    {
      rows: [{ what: 'TFTP 64 MiB, blksize 1468, lockstep (curl)', key: 'single' }],
      servers: { paddock: lockstep('paddock'), 'tftpd-hpa': lockstep('tftpd-hpa'), dnsmasq: lockstep('dnsmasq') },
    },
    {
      rows: [{ what: 'TFTP 64 MiB, blksize 1468, windowsize 16 (atftp)', key: 'window16' }],
      servers: {
        paddock: async () => ({ window16: await timed(client, atftpW16(AT.paddock), want.big, 'paddock w16') }),
        atftpd: async () => ({ window16: await timed(client, atftpW16(AT.atftpd), want.big, 'atftpd w16') }),
      },
    },
    {
      rows: [
        { what: `TFTP ${CLIENTS} concurrent × 16 MiB, p50`, key: 'p50' },
        { what: `TFTP ${CLIENTS} concurrent × 16 MiB, p99`, key: 'p99' },
      ],
      servers: {
        paddock: () => concurrent(client, AT.paddock, 'paddock'),
        'tftpd-hpa': () => concurrent(client, AT['tftpd-hpa'], 'tftpd-hpa'),
      },
    },
    {
      rows: [{ what: 'HTTP 64 MiB (curl)', key: 'http' }],
      servers: {
        paddock: async () => ({
          http: await timed(client, `curl -sS http://${AT.paddock}:8080/boot/files/big.bin`, want.big, 'paddock http'),
        }),
        nginx: async () => ({
          http: await timed(client, `curl -sS http://${AT.paddock}:8081/big.bin`, want.big, 'nginx'),
        }),
      },
    },
  ];

  // samples[server][key] = one time per round
  const samples: Record<string, Record<string, number[]>> = {};
  for (let round = 0; round < REPEAT; round++) {
    for (const c of cases) {
      const names = Object.keys(c.servers);
      const order = names.map((_, i) => names[(i + round) % names.length]!);
      for (const name of order) {
        const got = await c.servers[name]!();
        const mine = samples[name] ?? {};
        samples[name] = mine;
        for (const [key, s] of Object.entries(got)) mine[key] = [...(mine[key] ?? []), s];
      }
    }
  }

  console.log(`\n| transfer | peer | Paddock | peer | peer/Paddock |\n|---|---|---|---|---|`);
  for (const c of cases) {
    for (const { what, key } of c.rows) {
      const a = median(samples['paddock']![key]!);
      for (const peer of Object.keys(c.servers).filter((n) => n !== 'paddock')) {
        const b = median(samples[peer]![key]!);
        console.log(`| ${what} | ${peer} | ${a.toFixed(2)} s | ${b.toFixed(2)} s | ${(b / a).toFixed(2)}× |`);
      }
    }
  }
  console.log(`\nMedians of ${REPEAT} rounds; all ${CLIENTS} concurrent transfers completed with matching checksums.`);
} finally {
  for (const p of started) await p.kill('SIGTERM', 2000);
  await lab.destroy();
  rmSync(dir, { recursive: true, force: true });
}
