import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeKeys, testAuthority } from './testkit.ts';

let t: Awaited<ReturnType<typeof testAuthority>>;
beforeAll(async () => {
  t = await testAuthority();
});
afterAll(() => t.cleanup());

describe('KeyAuthority enrolment', () => {
  it('issues an identity openssl verifies, with the node name and addresses, and an SSH host certificate', async () => {
    const { token } = t.ka.createToken('node-1', ['10.9.0.1']);
    const keys = nodeKeys(t.dir, 'node-1');
    const out = await t.ka.enrol({ token, csr: keys.csr, sshHostKey: keys.sshPub });
    writeFileSync(join(t.dir, 'node-1.crt'), out.identityPem);
    writeFileSync(join(t.dir, 'ca.pem'), out.caBundlePem);
    const verified = execFileSync(
      'openssl',
      ['verify', '-CAfile', join(t.dir, 'ca.pem'), '-purpose', 'sslclient', join(t.dir, 'node-1.crt')],
      { encoding: 'utf8' },
    );
    expect(verified.trim()).toBe(`${join(t.dir, 'node-1.crt')}: OK`);
    const text = execFileSync(
      'openssl',
      ['x509', '-noout', '-subject', '-ext', 'subjectAltName', '-in', join(t.dir, 'node-1.crt')],
      {
        encoding: 'utf8',
      },
    );
    expect(text).toMatch(/subject=CN = node-1, O = paddock:nodes/);
    expect(text).toMatch(/DNS:node-1, IP Address:10\.9\.0\.1/);
    writeFileSync(join(t.dir, 'host-cert.pub'), `${out.sshHostCert}\n`);
    const shown = execFileSync('ssh-keygen', ['-L', '-f', join(t.dir, 'host-cert.pub')], { encoding: 'utf8' });
    expect(shown).toContain('host certificate');
    expect(shown).toMatch(/Principals:\s+node-1\s+10\.9\.0\.1/);
    expect(out.sshUserCaKey).toMatch(/^ssh-ed25519 /);
    expect(t.stats.issued.get('x509-node')).toBe(1);
  });

  it('names the address a node enrolled from when its token names none, and only the token ones when it does', async () => {
    const principals = async (node: string, addresses: string[], peer: string) => {
      const { token } = t.ka.createToken(node, addresses);
      const keys = nodeKeys(t.dir, node);
      const out = await t.ka.enrol({ token, csr: keys.csr, sshHostKey: keys.sshPub, peer });
      writeFileSync(join(t.dir, `${node}-cert.pub`), `${out.sshHostCert}\n`);
      const shown = execFileSync('ssh-keygen', ['-L', '-f', join(t.dir, `${node}-cert.pub`)], { encoding: 'utf8' });
      return /Principals:\s+([\s\S]*?)\n\s+Critical/.exec(shown)?.[1]?.trim().split(/\s+/);
    };
    // A machine Paddock booted: its lease, not known when the token was made.
    expect(await principals('booted', [], '10.9.0.77')).toEqual(['booted', '10.9.0.77']);
    // Addresses an operator bound to the token win; the peer may be a NAT's.
    expect(await principals('server', ['192.0.2.5'], '10.9.0.78')).toEqual(['server', '192.0.2.5']);
    expect(await principals('unknown-peer', [], 'unknown')).toEqual(['unknown-peer']);
  });

  it('spends the token on the first attempt, even a refused one', async () => {
    const { token } = t.ka.createToken('node-2', []);
    const other = nodeKeys(t.dir, 'node-3');
    await expect(t.ka.enrol({ token, csr: other.csr })).rejects.toThrow(/the subject must be CN=node-2/);
    const mine = nodeKeys(t.dir, 'node-2');
    await expect(t.ka.enrol({ token, csr: mine.csr })).rejects.toThrow(/already used/);
    expect(t.stats.refused.get('csr-subject')).toBe(1);
    expect(t.stats.refused.get('token-used')).toBe(1);
    expect(t.store.listTokens().find((r) => r.node === 'node-2')?.outcome).toBe('refused: csr-subject');
    expect(t.store.listCerts().filter((c) => c.subject === 'node-2')).toEqual([]);
  });
});
