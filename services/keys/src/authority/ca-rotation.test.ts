import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_PASSPHRASE } from '../server/testkit.ts';
import { openAuthorities } from './authorities.ts';
import { listCas, rotateClusterCa } from './ca-rotation.ts';
import { pemBlocks } from './cluster-ca.ts';
import { issueX509 } from './x509-issue.ts';

const root = mkdtempSync(join(tmpdir(), 'paddock-rotate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ok = (args: string[]) => execFileSync('openssl', ['verify', ...args], { encoding: 'utf8', stdio: 'pipe' });

/** A node certificate from the CA that signs now, as PEM files: the leaf and the cross-certificates after it. */
function leafOf(a: Awaited<ReturnType<typeof openAuthorities>>, dir: string) {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { pem } = issueX509(a, {
    role: 'node',
    name: 'n1',
    addresses: [],
    spki: pair.publicKey.export({ type: 'spki', format: 'der' }),
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3_600_000),
  });
  writeFileSync(join(dir, 'leaf.crt'), pem);
  writeFileSync(join(dir, 'chain.pem'), a.cluster.chainPem);
  return { leaf: join(dir, 'leaf.crt'), chain: join(dir, 'chain.pem') };
}

describe('rotateClusterCa', () => {
  it('twice: the first CA alone still verifies what the third signs, through both cross-certificates', async () => {
    const dir = join(root, 'twice');
    const first = await openAuthorities(dir, TEST_PASSPHRASE);
    writeFileSync(join(root, 'first.pem'), first.cluster.pem);
    expect((await rotateClusterCa(dir, TEST_PASSPHRASE)).crossSigned).toBe(true);
    expect((await rotateClusterCa(dir, TEST_PASSPHRASE)).crossSigned).toBe(true);
    const third = await openAuthorities(dir, TEST_PASSPHRASE);
    expect(pemBlocks(third.cluster.bundlePem)).toHaveLength(3);
    expect(pemBlocks(third.cluster.chainPem)).toHaveLength(2);
    const cas = listCas(third.cluster.bundlePem);
    expect(cas.map((c) => c.signing)).toEqual([true, false, false]);
    expect(new Set(cas.map((c) => c.subject)).size).toBe(3);
    const { leaf, chain } = leafOf(third, dir);
    expect(ok(['-CAfile', join(root, 'first.pem'), '-untrusted', chain, leaf])).toMatch(/: OK/);
    expect(() => ok(['-CAfile', join(root, 'first.pem'), leaf])).toThrow();
  });

  it('from a CA limited to path length 0: no cross-certificate, the new CA signs, both stay trusted', async () => {
    const dir = join(root, 'legacy');
    mkdirSync(dir, { recursive: true });
    const key = join(dir, 'plain.key');
    execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key]);
    execFileSync('openssl', [
      'req',
      '-x509',
      '-new',
      '-key',
      key,
      '-subj',
      '/CN=Paddock cluster CA legacy',
      '-days',
      '30',
      '-addext',
      'basicConstraints=critical,CA:TRUE,pathlen:0',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      join(dir, 'cluster-ca.crt'),
    ]);
    execFileSync('openssl', [
      'pkcs8',
      '-topk8',
      '-v2',
      'aes-256-cbc',
      '-in',
      key,
      '-passout',
      `pass:${TEST_PASSPHRASE}`,
      '-out',
      join(dir, 'cluster-ca.key'),
    ]);
    rmSync(key);
    const r = await rotateClusterCa(dir, TEST_PASSPHRASE);
    expect(r.crossSigned).toBe(false);
    const a = await openAuthorities(dir, TEST_PASSPHRASE);
    expect(a.cluster.chainPem).toBe('');
    expect(pemBlocks(a.cluster.bundlePem)).toHaveLength(2);
    writeFileSync(join(dir, 'bundle.pem'), a.cluster.bundlePem);
    const { leaf } = leafOf(a, dir);
    expect(ok(['-CAfile', join(dir, 'bundle.pem'), leaf])).toMatch(/: OK/);
  });

  it('a wrong passphrase rotates nothing', async () => {
    const dir = join(root, 'twice');
    const before = listCas((await openAuthorities(dir, TEST_PASSPHRASE)).cluster.bundlePem);
    await expect(rotateClusterCa(dir, 'not the passphrase at all')).rejects.toThrow(/wrong passphrase/);
    expect(listCas((await openAuthorities(dir, TEST_PASSPHRASE)).cluster.bundlePem)).toEqual(before);
  });
});
