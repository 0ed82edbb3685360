/**
 * Two `paddock up` servers on one etcd share the site's records. Keys: a bootstrap token made
 * on one is spent enrolling at the other, once; the certificate the second issues chains to the
 * CA the first serves; a revocation made on the first is refused by the second as soon as its
 * etcd watch tells (no QEMU: the node's side is `paddock keys enroll` and `renew`); a WatchKeys
 * subscriber on the second sees a node's enrolment and revocation on the first, each change once,
 * and the second's overlay drops that node's member at the revocation. Boot: a rule
 * put on one is in the other's cache as soon as its watch tells; a file uploaded to one is listed
 * by the other, which fetches its bytes from the first (mutual TLS under the site CA, checked
 * against the recorded SHA-256) and keeps serving them once the first is gone; bytes a peer
 * altered are refused and never stored. How soon: the time the writer put in etcd (the changed
 * key, or the revocation time in the certificate's row) against the time the other logged its
 * reload (one clock).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KeyServiceDefinition } from '@paddock/proto/keys/v1/keys.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { connect, createClient } from '@paddock/runtime';
import { type EtcdCluster, startEtcd } from '@paddock/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeClient } from '../../../services/overlay/src/agent/control-client.ts';
import { CLI_BIN, REPO_ROOT, type RunningPaddock, sitePassphraseArgs, startPaddockUp } from '../paddock-process.ts';

const run = promisify(execFile);

describe('paddock up on one etcd: keys and boot records shared', () => {
  let etcd: EtcdCluster;
  let a: RunningPaddock;
  let b: RunningPaddock;
  const dir = mkdtempSync(join(tmpdir(), 'paddock-keys-site-'));
  beforeAll(async () => {
    etcd = await startEtcd();
    const args = ['--store', `etcd://${etcd.endpoints}/sites/keys/`, '--site', 'keys', ...sitePassphraseArgs()];
    // At once: the two first starts race to publish the site's authorities and seed its boot
    // defaults, and must agree on one set (and it saves a start's wait).
    [a, b] = await Promise.all([startPaddockUp({ args }), startPaddockUp({ args })]);
  }, 120_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await etcd?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const paddock = async (...args: string[]) =>
    (await run(process.execPath, [CLI_BIN, ...args], { cwd: REPO_ROOT })).stdout.trim();
  const etcdGet = async (key: string, ...flags: string[]) =>
    (await run('etcdctl', [`--endpoints=${etcd.endpoints}`, 'get', `/sites/keys/${key}`, ...flags])).stdout;
  /**
   * Milliseconds from `written` (the writer's clock, as it put it in etcd) to `s` logging `msg`
   * after it. A watch tells within milliseconds; a loaded machine gets half a second (the poll
   * this replaced took up to a second and more).
   */
  const lagOf = async (written: number, s: RunningPaddock, msg: string) => {
    const logged = () =>
      s
        .output()
        .split('\n')
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as { msg?: string; time?: number }];
          } catch {
            return []; // not a log record, or one still being written
          }
        })
        .find((l) => l.msg === msg && (l.time ?? 0) >= written)?.time;
    await expect.poll(logged, { timeout: 5_000, interval: 50 }).toBeDefined();
    return logged()! - written;
  };
  /** When a certificate of `subject` was revoked, as the revoking server wrote it in the row. */
  const revokedAt = async (subject: string) => {
    const rows = (await etcdGet('keys/certs/', '--prefix', '--print-value-only'))
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { subject: string; revokedAt: number | null });
    return Math.max(...rows.filter((r) => r.subject === subject && r.revokedAt !== null).map((r) => r.revokedAt!));
  };
  const download = (s: RunningPaddock, name: string) =>
    paddock(
      'boot',
      'files',
      'download',
      name,
      '-o',
      join(dir, `${name}-${s === a ? 'a' : 'b'}`),
      '--data-dir',
      s.dataDir,
    );
  /** The node's side, against one server: enrol with the token, the credentials in `out`. */
  const enrol = (s: RunningPaddock, token: string, out: string, name = 'n1') =>
    paddock(
      ...['keys', 'enroll', '--token', token, '--name', name, '--server', s.run.grpc],
      ...['--ca', join(s.dataDir, 'pki', 'ca.crt'), '--ssh-host-key', '', '--out', out],
    );

  it('a token made on one server enrols at the other, once, under the CA both serve', async () => {
    const token = await paddock('keys', 'token', 'n1', '--data-dir', a.dataDir);
    const out = join(dir, 'n1');
    expect(await enrol(b, token, out)).toMatch(/^enrolled n1:/);
    // Spent: neither server takes it again.
    await expect(enrol(a, token, join(dir, 'again'))).rejects.toThrow(/bootstrap token for n1 was already used/);
    const tokens = JSON.parse(await paddock('keys', 'tokens', '--json', '--data-dir', a.dataDir));
    expect(tokens).toEqual([expect.objectContaining({ node: 'n1', state: 'used', outcome: 'enrolled' })]);
    const certs = JSON.parse(await paddock('keys', 'certs', '--json', '--data-dir', a.dataDir));
    expect(certs.filter((c: { subject: string }) => c.subject === 'n1')).toHaveLength(1);
    // The identity B issued verifies against the bundle A serves.
    const bundle = join(dir, 'a-bundle.pem');
    writeFileSync(bundle, await paddock('keys', 'ca', '--data-dir', a.dataDir));
    const verify = await run('openssl', ['verify', '-CAfile', bundle, join(out, 'identity.crt')]);
    expect(verify.stdout).toMatch(/identity\.crt: OK/);
  }, 60_000);

  it('a node revoked on one server is refused by the other at once', async () => {
    const renew = () =>
      paddock('keys', 'renew', '--name', 'n1', '--server', b.run.grpc, '--ssh-host-key', '', '--dir', join(dir, 'n1'));
    expect(await renew()).toMatch(/n1/);
    await paddock('keys', 'revoke', 'n1', '--reason', 'lost', '--data-dir', a.dataDir);
    // The first renew after the revoke returned: B knew before a command could start.
    await expect(renew()).rejects.toThrow(/client certificate [0-9a-f]+ was revoked/);
    const lag = await lagOf(await revokedAt('n1'), b, 'certificates revoked on another server; refused here');
    console.log(`revocation on A refused by B ${lag} ms after A wrote it`);
    expect(lag).toBeLessThan(500);
  }, 60_000);

  it("B's WatchKeys tells of a node enrolled and revoked on A, each change once; B's overlay drops its member at once", async () => {
    const conn = connect({ dataDir: b.dataDir });
    const keys = createClient(KeyServiceDefinition, conn.address, conn.credentials, conn.options);
    const stop = new AbortController();
    const changes: string[] = [];
    let synced = false;
    const following = (async () => {
      for await (const e of keys.watchKeys({ watch: { fromRevision: 0n } }, { signal: stop.signal })) {
        if (e.watch?.kind === WatchEventKind.WATCH_EVENT_KIND_SYNCED) synced = true;
        if (e.watch?.kind !== WatchEventKind.WATCH_EVENT_KIND_CHANGE) continue;
        const { token: t, certificate: c } = e;
        if (t?.node === 'n2') changes.push(`token ${t.state} ${t.outcome}`.trim());
        if (c?.subject === 'n2') changes.push(`${c.kind} ${c.revokedAtUnixMs > 0n ? 'revoked' : 'issued'}`);
      }
    })().catch(() => {}); // ends when aborted
    try {
      await expect.poll(() => synced, { timeout: 5_000 }).toBe(true);
      const token = await paddock('keys', 'token', 'n2', '--data-dir', a.dataDir);
      const out = join(dir, 'n2');
      expect(await enrol(a, token, out, 'n2')).toMatch(/^enrolled n2:/);
      // etcd's order: the token's outcome and the certificate are one transaction, token first.
      const enrolled = ['token live', 'token used attempted', 'token used enrolled', 'x509 issued'];
      await expect.poll(() => changes, { timeout: 5_000 }).toEqual(enrolled);

      // n2 joins B's overlay under the identity A issued.
      await paddock(
        ...['overlay', 'networks', 'create', 'site', '--subnet', '10.99.0.0/24', '--transit', '10.98.0.0/24'],
        ...['--vni', '99', '--data-dir', b.dataDir],
      );
      const node = nodeClient({
        server: b.run.grpc,
        ca: join(out, 'ca.crt'),
        cert: join(out, 'identity.crt'),
        key: join(out, 'identity.key'),
      });
      try {
        await node.join({
          network: 'site',
          publicKey: randomBytes(32).toString('base64'),
          endpoint: '192.0.2.2:51820',
          ...{ address: '', tunnelAddress: '', node: '' },
        });
      } finally {
        node.close();
      }
      const members = async () =>
        JSON.parse(await paddock('overlay', 'members', '--json', '--data-dir', b.dataDir)).map(
          (m: { name: string }) => m.name,
        );
      expect(await members()).toEqual(['n2']);

      await paddock('keys', 'revoke', 'n2', '--reason', 'lost', '--data-dir', a.dataDir);
      await expect.poll(() => changes, { timeout: 5_000 }).toEqual([...enrolled, 'x509 revoked']);
      // Dropped because B heard of the revocation, not by its 5 s sweep of identities.
      const lag = await lagOf(await revokedAt('n2'), b, 'overlay members removed: identity revoked');
      console.log(`n2 revoked on A: dropped from B's overlay ${lag} ms after A wrote it`);
      expect(lag).toBeLessThan(1_000);
      expect(await members()).toEqual([]);
      // Nothing more comes, and nothing came twice.
      await new Promise((r) => setTimeout(r, 500));
      expect(changes).toEqual([...enrolled, 'x509 revoked']);
    } finally {
      stop.abort();
      await following;
      keys.close();
    }
  }, 60_000);

  it('a boot rule put on one server is answered by the other at once; a file uploaded to one is served by both', async () => {
    const rule = join(dir, 'rule.yaml');
    writeFileSync(rule, 'name: from-a\npriority: 5\naction:\n  kind: ignore\n');
    await paddock('boot', 'rules', 'put', rule, '--data-dir', a.dataDir);
    const names = async (s: RunningPaddock) =>
      JSON.parse(await paddock('boot', 'rules', 'list', '--json', '--data-dir', s.dataDir)).map(
        (r: { name: string }) => r.name,
      );
    expect(await names(b)).toContain('from-a');
    const lag = await lagOf(
      Number(await etcdGet('boot/changed', '--print-value-only')),
      b,
      'boot rules changed on another server; reloaded',
    );
    console.log(`boot rule put on A in B's cache ${lag} ms after A wrote it`);
    expect(lag).toBeLessThan(500);
    const file = join(dir, 'kernel');
    // A kernel's size, so the fetch's time says something.
    writeFileSync(file, randomBytes(8 << 20));
    await paddock('boot', 'files', 'upload', file, '--data-dir', a.dataDir);
    const listed = async (s: RunningPaddock) =>
      JSON.parse(await paddock('boot', 'files', 'list', '--json', '--prefix', 'kernel', '--data-dir', s.dataDir));
    expect(await listed(b)).toEqual(await listed(a));
    expect(await listed(b)).toEqual([expect.objectContaining({ name: 'kernel', size: String(8 << 20) })]);
    // B fetched the bytes from A as soon as it saw the record: both send them.
    await expect.poll(() => b.output(), { timeout: 10_000 }).toMatch(/boot file bytes fetched from another server/);
    const fetched = b
      .output()
      .split('\n')
      .find((l) => l.includes('boot file bytes fetched from another server'));
    const { bytes, ms } = JSON.parse(fetched!) as { bytes: number; ms: number };
    console.log(
      `B fetched the 8 MiB file's bytes from A in ${ms} ms (${(bytes / 1048576 / (ms / 1000)).toFixed(0)} MiB/s)`,
    );
    expect(await download(a, 'kernel')).toMatch(/sha256 [0-9a-f]{64} \(verified\)/);
    expect(await download(b, 'kernel')).toMatch(/sha256 [0-9a-f]{64} \(verified\)/);
    expect(readFileSync(join(dir, 'kernel-b'))).toEqual(readFileSync(file));
  }, 60_000);

  it("bytes a peer altered are refused and never stored; a server's registration names where it is reached", async () => {
    const file = join(dir, 'initrd');
    writeFileSync(file, 'not really an initrd either\n');
    await paddock('boot', 'files', 'upload', file, '--data-dir', a.dataDir);
    const blob = async (s: RunningPaddock) => {
      const [f] = JSON.parse(
        await paddock('boot', 'files', 'list', '--json', '--prefix', 'initrd', '--data-dir', s.dataDir),
      );
      return join(s.dataDir, 'boot', 'blobs', f.sha256);
    };
    await expect.poll(async () => existsSync(await blob(b)), { timeout: 10_000 }).toBe(true);
    // A's copy goes bad on its disk; B loses its own: B must fetch again, and must refuse what A sends.
    writeFileSync(await blob(a), 'tampered with on the disk\n');
    rmSync(await blob(b));
    await expect(download(b, 'initrd')).rejects.toThrow(
      /initrd is one of the site's files .* but its bytes are not on this server, and no other server of the site could send them/,
    );
    expect(existsSync(await blob(b))).toBe(false);
    expect(b.output()).toMatch(/"tried":\[".*the bytes sent have SHA-256 [0-9a-f]{64}, not the [0-9a-f]{64} recorded/);
    // Each server is listed with the address the other dialled.
    const status = JSON.parse(await paddock('status', '--json', '--data-dir', b.dataDir));
    expect(status.cluster.servers.map((x: { grpcAddress: string }) => x.grpcAddress).sort()).toEqual(
      [a.run.grpc, b.run.grpc].sort(),
    );
  }, 60_000);

  it('a server that stops leaves the list at once; what was fetched from it is still served', async () => {
    await a.stop();
    const servers = async () =>
      JSON.parse(await paddock('status', '--json', '--data-dir', b.dataDir)).cluster.servers.map(
        (x: { grpcAddress: string }) => x.grpcAddress,
      );
    expect(await servers()).toEqual([b.run.grpc]);
    expect(await download(b, 'kernel')).toMatch(/sha256 [0-9a-f]{64} \(verified\)/);
  }, 60_000);
});
