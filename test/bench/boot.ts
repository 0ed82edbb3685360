/**
 * Boot service benchmark: Paddock's TFTP and boot HTTP against tftpd-hpa, dnsmasq's TFTP,
 * atftpd (windowsize 16) and nginx, on the same lab (two namespaces, one bridge, MTU 1500) in
 * the same run. Run as root after scripts/setup.sh:
 *
 *   node test/bench/boot.ts [--repeat 3] [--clients 100]
 *
 * Every transfer's SHA-256 is checked. Times are medians of --repeat runs; ratios are
 * peer time / Paddock time (above 1: Paddock is faster). Prints a markdown table.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Host, Lab, type LabProcess } from '../lab/index.ts';

const { values: args } = parseArgs({
  options: { repeat: { type: 'string', default: '3' }, clients: { type: 'string', default: '100' } },
});
const REPEAT = Number(args.repeat);
const CLIENTS = Number(args.clients);
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'services', 'cli', 'bin', 'paddock.js');
const ATFTPD = join(ROOT, '.cache', 'boot', 'root', 'usr', 'sbin', 'atftpd');
const SERVER = '10.85.0.1';
const MiB = 1 << 20;

const dir = mkdtempSync(join(tmpdir(), 'paddock-bench-boot-'));
const files = { big: randomBytes(64 * MiB), mid: randomBytes(16 * MiB) };
const want = { big: sha(files.big), mid: sha(files.mid) };
writeFileSync(join(dir, 'big.bin'), files.big);
writeFileSync(join(dir, 'mid.bin'), files.mid);

function sha(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

/** Runs a shell pipeline in the client host; returns seconds and the sha256 it printed. */
async function timed(client: Host, pipeline: string): Promise<{ s: number; sha: string }> {
  const t0 = performance.now();
  const r = await client.exec(['sh', '-c', `${pipeline} | sha256sum`], { timeoutMs: 180_000 });
  return { s: (performance.now() - t0) / 1000, sha: r.stdout.split(' ')[0] ?? '' };
}

async function measure(client: Host, pipeline: string, expect: string, label: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const r = await timed(client, pipeline);
    if (r.sha !== expect) throw new Error(`${label}: checksum mismatch (${r.sha || 'no output'})`);
    times.push(r.s);
  }
  return median(times);
}

const curlTftp = (file: string, blksize: number) => `curl -sS --tftp-blksize ${blksize} tftp://${SERVER}/${file}`;
const atftpGet = (file: string, window: number) =>
  `atftp --option "blksize 1468" ${window > 1 ? `--option "windowsize ${window}"` : ''} -g -r ${file} -l /dev/stdout ${SERVER} 2>/dev/null`;

async function concurrent(client: Host): Promise<{ p50: number; p99: number; all: boolean }> {
  const runs = await Promise.all(Array.from({ length: CLIENTS }, () => timed(client, curlTftp('mid.bin', 1468))));
  const times = runs.map((r) => r.s);
  return { p50: pct(times, 50), p99: pct(times, 99), all: runs.every((r) => r.sha === want.mid) };
}

async function withServer<T>(p: LabProcess, ready: () => Promise<void>, fn: () => Promise<T>): Promise<T> {
  try {
    await ready();
    return await fn();
  } finally {
    await p.kill('SIGTERM', 2000);
  }
}
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 500));

const lab = await Lab.create('benchboot');
const rows: string[][] = [];
try {
  const br = await lab.bridge();
  const server = await lab.host('server');
  await lab.link(server, br, { ifname: 'eth0', addresses: [`${SERVER}/24`] });
  const client = await lab.host('client');
  await lab.link(client, br, { ifname: 'eth0', addresses: ['10.85.0.2/24'] });
  await client.execOk(['ping', '-c1', SERVER]);
  const results: Record<string, Record<string, number | string>> = {};

  // Paddock: the real `paddock boot serve`, files uploaded through its API.
  const data = join(dir, 'paddock');
  const paddock = server.spawnNode(CLI, [
    ...['boot', 'serve', '--interface', 'eth0', '--data-dir', data, '--insecure'],
    ...['--grpc-listen', '127.0.0.1:0', '--http-listen', '127.0.0.1:0', '--log-level', 'warn'],
  ]);
  const cli = (a: string[]) => server.execOk([process.execPath, CLI, ...a, '--data-dir', data]);
  results['paddock'] = await withServer(
    paddock,
    async () => {
      for (let i = 0; ; i++) {
        if ((await server.exec([process.execPath, CLI, 'boot', 'files', '--data-dir', data])).code === 0) break;
        if (i > 100) throw new Error(`paddock did not start: ${paddock.output()}`);
        await settle();
      }
      await cli(['boot', 'files', 'upload', join(dir, 'big.bin')]);
      await cli(['boot', 'files', 'upload', join(dir, 'mid.bin')]);
    },
    async () => ({
      single: await measure(client, curlTftp('big.bin', 1468), want.big, 'paddock tftp'),
      window16: await measure(client, atftpGet('big.bin', 16), want.big, 'paddock tftp w16'),
      http: await measure(client, `curl -sS http://${SERVER}:8080/boot/files/big.bin`, want.big, 'paddock http'),
      ...(await concurrent(client).then((c) => ({ p50: c.p50, p99: c.p99, all: String(c.all) }))),
    }),
  );

  const hpa = server.spawn(['in.tftpd', '-L', '-u', 'root', '-s', dir, '-a', `${SERVER}:69`]);
  results['tftpd-hpa'] = await withServer(hpa, settle, async () => ({
    single: await measure(client, curlTftp('big.bin', 1468), want.big, 'tftpd-hpa'),
    ...(await concurrent(client).then((c) => ({ p50: c.p50, p99: c.p99, all: String(c.all) }))),
  }));

  const dnsmasq = server.spawn([
    ...['dnsmasq', '--no-daemon', '--conf-file=/dev/null', '--port=0', '--user=root', '--group=root'],
    ...['--enable-tftp', `--tftp-root=${dir}`, `--listen-address=${SERVER}`, '--bind-interfaces'],
  ]);
  results['dnsmasq'] = await withServer(dnsmasq, settle, async () => ({
    single: await measure(client, curlTftp('big.bin', 1468), want.big, 'dnsmasq'),
  }));

  const atftpd = server.spawn([
    ATFTPD,
    '--daemon',
    '--no-fork',
    '--user',
    'root.root',
    '--bind-address',
    SERVER,
    '--logfile',
    '/dev/null',
    dir,
  ]);
  results['atftpd'] = await withServer(atftpd, settle, async () => ({
    window16: await measure(client, atftpGet('big.bin', 16), want.big, 'atftpd w16'),
  }));

  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off; master_process off; worker_processes 1; error_log stderr; pid ${dir}/nginx.pid;
events {}
http { access_log off; sendfile on; tcp_nopush on; default_type application/octet-stream;
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server { listen ${SERVER}:8081; root ${dir}; } }
`,
  );
  const nginx = server.spawn(['nginx', '-c', join(dir, 'nginx.conf'), '-p', dir]);
  results['nginx'] = await withServer(nginx, settle, async () => ({
    http: await measure(client, `curl -sS http://${SERVER}:8081/big.bin`, want.big, 'nginx'),
  }));

  const p = results['paddock']!;
  const row = (what: string, peer: string, key: string) => {
    const a = p[key] as number;
    const b = results[peer]![key] as number;
    rows.push([what, peer, `${a.toFixed(2)} s`, `${b.toFixed(2)} s`, `${(b / a).toFixed(2)}×`]);
  };
  row('TFTP 64 MiB, blksize 1468, lockstep (curl)', 'tftpd-hpa', 'single');
  row('TFTP 64 MiB, blksize 1468, lockstep (curl)', 'dnsmasq', 'single');
  row('TFTP 64 MiB, blksize 1468, windowsize 16 (atftp)', 'atftpd', 'window16');
  row(`TFTP ${CLIENTS} concurrent × 16 MiB, p50`, 'tftpd-hpa', 'p50');
  row(`TFTP ${CLIENTS} concurrent × 16 MiB, p99`, 'tftpd-hpa', 'p99');
  row('HTTP 64 MiB (curl)', 'nginx', 'http');
  console.log(`\n| transfer | peer | Paddock | peer | peer/Paddock |\n|---|---|---|---|---|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(
    `\nAll ${CLIENTS} concurrent transfers complete with matching checksums: Paddock ${p['all']}, tftpd-hpa ${results['tftpd-hpa']!['all']}.`,
  );
} finally {
  await lab.destroy();
  rmSync(dir, { recursive: true, force: true });
}
