/**
 * Keys benchmark: N nodes enrolling at once against one `paddock keys serve` (its own process,
 * TLS on loopback), each over its own TLS connection with its own token, CSR and SSH host key;
 * then `openssl x509 -req` issuing the same certificates from the same CA in a loop (200 at most).
 *
 *   node test/bench/keys.ts [--nodes 1000]
 *
 * Reported: wall time, enrolments per second, p50/p99 latency, failures, openssl certificates
 * per second, and ratio = paddock enrolments/s ÷ openssl issues/s (above 1: paddock is faster;
 * an enrolment also signs an SSH host certificate and records both).
 */
import { execFile, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs, promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { KeyServiceDefinition } from '@paddock/proto/keys/v1/keys.ts';
import { createClient } from '@paddock/runtime';
import { ed25519Raw } from '../../services/keys/src/authority/authorities.ts';
import { makeRequest } from '../../services/keys/src/client/node-request.ts';
import { formatSshPublicKey } from '../../services/keys/src/codec/ssh-pubkey.ts';

const { values: args } = parseArgs({ options: { nodes: { type: 'string', default: '1000' } } });
const N = Number(args.nodes);
const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'services', 'cli', 'bin', 'paddock.js');
const dir = mkdtempSync(join(tmpdir(), 'paddock-bench-keys-'));
const passFile = join(dir, 'pass');
writeFileSync(passFile, 'benchmark passphrase 1234\n', { mode: 0o600 });

const server = spawn(
  process.execPath,
  [
    cli,
    'keys',
    'serve',
    '--data-dir',
    dir,
    '--grpc-listen',
    '127.0.0.1:0',
    '--http-listen',
    '127.0.0.1:0',
    '--log-level',
    'warn',
    '--keys-passphrase-file',
    passFile,
  ],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
);
try {
  const runFile = join(dir, 'run', 'keys.json');
  for (let i = 0; i < 300 && !existsSync(runFile); i++) await delay(100);
  const address = (JSON.parse(readFileSync(runFile, 'utf8')) as { grpc: string }).grpc;
  const ca = readFileSync(join(dir, 'pki', 'ca.crt'));
  const token = readFileSync(join(dir, 'admin.token'), 'utf8').trim();
  const bearer = grpc.credentials.createFromMetadataGenerator((_p, cb) => {
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${token}`);
    cb(null, md);
  });
  const opts = { 'grpc.ssl_target_name_override': 'localhost' };
  const admin = createClient(
    KeyServiceDefinition,
    address,
    grpc.credentials.combineChannelCredentials(grpc.credentials.createSsl(ca), bearer),
    opts,
  );

  // What each node has before it enrols (not timed): its token, its CSR, its SSH host key.
  process.stderr.write(`preparing ${N} nodes...\n`);
  const nodes = [];
  for (let i = 0; i < N; i++) {
    const name = `node-${i}`;
    const { token: t } = await admin.createToken({
      node: name,
      addresses: [`10.${i >> 8}.${i & 255}.1`],
      ttlSeconds: 0,
    });
    const req = await makeRequest(name);
    const ssh = formatSshPublicKey(ed25519Raw(generateKeyPairSync('ed25519').publicKey));
    writeFileSync(join(dir, `${name}.csr`), req.csrPem);
    nodes.push({ name, token: t, csr: req.csrPem, ssh });
  }
  admin.close();

  // Every node its own TLS connection (a local subchannel pool per client), all at once.
  const latencies: number[] = [];
  let failures = 0;
  const errors = new Map<string, number>();
  const started = performance.now();
  await Promise.all(
    nodes.map(async (n) => {
      const c = createClient(KeyServiceDefinition, address, grpc.credentials.createSsl(ca), {
        ...opts,
        'grpc.use_local_subchannel_pool': 1,
      });
      const t0 = performance.now();
      try {
        const r = await c.enroll({ token: n.token, csrPem: n.csr, sshHostPublicKey: n.ssh }, { deadlineMs: 120_000 });
        if (!r.credentials?.identityPem || !r.credentials.sshHostCertificate) throw new Error('incomplete credentials');
        latencies.push(performance.now() - t0);
      } catch (err) {
        failures++;
        const m = (err as Error).message.slice(0, 24);
        errors.set(m, (errors.get(m) ?? 0) + 1);
      } finally {
        c.close();
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;

  // openssl issuing the same node certificates (same CA, same extensions) in a shell loop; at
  // most 200 of them (a process each), its rate is what is compared.
  const M = Math.min(N, 200);
  const ext = join(dir, 'ext.cnf');
  writeFileSync(
    ext,
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth,serverAuth\n',
  );
  const script = `for i in $(seq 0 ${M - 1}); do openssl x509 -req -in ${dir}/node-$i.csr -CA ${dir}/keys/cluster-ca.crt -CAkey ${dir}/keys/cluster-ca.key -passin file:${passFile} -days 7 -sha256 -set_serial 0x$(openssl rand -hex 16) -extfile ${ext} -out ${dir}/o-$i.crt 2>/dev/null || exit 1; done`;
  const o0 = performance.now();
  await promisify(execFile)('bash', ['-c', script], { maxBuffer: 1 << 20 });
  const opensslWall = (performance.now() - o0) / 1000;

  const result = {
    nodes: N,
    wallSeconds: +wall.toFixed(2),
    enrolmentsPerSecond: +(N / wall).toFixed(1),
    p50Ms: +pct(50).toFixed(1),
    p99Ms: +pct(99).toFixed(1),
    failures,
    errors: Object.fromEntries(errors),
    opensslSeconds: +opensslWall.toFixed(2),
    opensslCertificates: M,
    opensslPerSecond: +(M / opensslWall).toFixed(1),
    ratio: +(N / wall / (M / opensslWall)).toFixed(2),
    // The machine is shared: the load average says how busy it was while this ran.
    loadAverage: loadavg().map((l) => +l.toFixed(1)),
  };
  console.log(JSON.stringify(result));
  process.stderr.write(
    `${N} nodes enrolled in ${result.wallSeconds} s (${result.enrolmentsPerSecond}/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${failures} failures); openssl ${result.opensslPerSecond} certs/s; ratio ${result.ratio}; load average ${result.loadAverage.join(' ')}\n`,
  );
} finally {
  if (server.pid) process.kill(server.pid, 'SIGTERM');
  await delay(500);
  rmSync(dir, { recursive: true, force: true });
}
