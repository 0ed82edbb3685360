/**
 * Two `paddock up` servers on one etcd share the site's records. Keys: a bootstrap token made
 * on one is spent enrolling at the other, once; the certificate the second issues chains to the
 * CA the first serves; a revocation made on the first is refused by the second within its poll
 * (no QEMU: the node's side is `paddock keys enroll` and `renew`). Boot: a rule put on one is in
 * the other's cache within its poll; a file uploaded to one is listed by the other, whose
 * download says the bytes are not on it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type EtcdCluster, startEtcd } from '@paddock/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  /** The node's side, against one server: enrol with the token, the credentials in `out`. */
  const enrol = (s: RunningPaddock, token: string, out: string) =>
    paddock(
      ...['keys', 'enroll', '--token', token, '--name', 'n1', '--server', s.run.grpc],
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

  it('a node revoked on one server is refused by the other within its poll', async () => {
    const renew = () =>
      paddock('keys', 'renew', '--name', 'n1', '--server', b.run.grpc, '--ssh-host-key', '', '--dir', join(dir, 'n1'));
    expect(await renew()).toMatch(/n1/);
    await paddock('keys', 'revoke', 'n1', '--reason', 'lost', '--data-dir', a.dataDir);
    const revoked = Date.now();
    await expect
      .poll(
        () =>
          renew().then(
            () => 'accepted',
            (err: Error) => err.message,
          ),
        { timeout: 10_000, interval: 300 },
      )
      .toMatch(/client certificate [0-9a-f]+ was revoked/);
    console.log(`revocation on A refused by B after ${((Date.now() - revoked) / 1000).toFixed(2)} s`);
  }, 60_000);

  it('a boot rule put on one server is answered by the other within its poll; a file uploaded to one is listed by both', async () => {
    const rule = join(dir, 'rule.yaml');
    writeFileSync(rule, 'name: from-a\npriority: 5\naction:\n  kind: ignore\n');
    await paddock('boot', 'rules', 'put', rule, '--data-dir', a.dataDir);
    const put = Date.now();
    const names = async (s: RunningPaddock) =>
      JSON.parse(await paddock('boot', 'rules', 'list', '--json', '--data-dir', s.dataDir)).map(
        (r: { name: string }) => r.name,
      );
    await expect.poll(() => names(b), { timeout: 10_000, interval: 200 }).toContain('from-a');
    console.log(`boot rule put on A listed by B after ${((Date.now() - put) / 1000).toFixed(2)} s`);
    const file = join(dir, 'kernel');
    writeFileSync(file, 'not really a kernel\n');
    await paddock('boot', 'files', 'upload', file, '--data-dir', a.dataDir);
    const listed = async (s: RunningPaddock) =>
      JSON.parse(await paddock('boot', 'files', 'list', '--json', '--prefix', 'kernel', '--data-dir', s.dataDir));
    expect(await listed(b)).toEqual(await listed(a));
    expect(await listed(b)).toEqual([expect.objectContaining({ name: 'kernel', size: '20' })]);
    // The bytes stay on A: A sends them, B says why it cannot.
    const download = (s: RunningPaddock) =>
      paddock(
        'boot',
        'files',
        'download',
        'kernel',
        '-o',
        join(dir, `kernel-${s === a ? 'a' : 'b'}`),
        '--data-dir',
        s.dataDir,
      );
    expect(await download(a)).toMatch(/sha256 [0-9a-f]{64} \(verified\)/);
    await expect(download(b)).rejects.toThrow(
      /kernel is one of the site's files .* but its bytes are not on this server/,
    );
  }, 60_000);
});
