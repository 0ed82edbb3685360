import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuthorities } from '../authority/authorities.ts';
import { nodeKeys, testAuthority } from './testkit.ts';

let clock = Date.now();
let t: Awaited<ReturnType<typeof testAuthority>>;
beforeAll(async () => {
  t = await testAuthority({ now: () => clock });
});
afterAll(() => t.cleanup());

/** Runs a request that must be refused: one clear error, one counted refusal, nothing issued. */
async function refused(reason: string, message: RegExp, attempt: () => Promise<unknown>) {
  const before = t.store.listCerts().length;
  const count = t.stats.refused.get(reason) ?? 0;
  await expect(attempt()).rejects.toThrow(message);
  expect(t.stats.refused.get(reason)).toBe(count + 1);
  expect(t.store.listCerts().length).toBe(before);
}

const csrWith = (cn: string, keyArgs: string[]) => {
  const file = join(t.dir, `${cn}-${keyArgs.join('_').replace(/\W/g, '')}.csr`);
  execFileSync(
    'openssl',
    ['req', '-new', ...keyArgs, '-nodes', '-keyout', `${file}.key`, '-out', file, '-subj', `/CN=${cn}`],
    { stdio: 'ignore' },
  );
  return readFileSync(file, 'utf8');
};

describe('bad input to enrolment', () => {
  it('refuses a reused, an expired, a truncated and a mistyped token', async () => {
    const keys = nodeKeys(t.dir, 'b1');
    const { token } = t.ka.createToken('b1', []);
    await t.ka.enrol({ token, csr: keys.csr });
    await refused('token-used', /already used/, () => t.ka.enrol({ token, csr: keys.csr }));
    const late = t.ka.createToken('b1', [], 60).token;
    clock += 61_000;
    await refused('token-expired', /expired at/, () => t.ka.enrol({ token: late, csr: keys.csr }));
    clock = Date.now();
    const fresh = t.ka.createToken('b1', []).token;
    await refused('token-malformed', /truncated or mistyped/, () =>
      t.ka.enrol({ token: fresh.slice(0, -3), csr: keys.csr }),
    );
    const typo = `${fresh.slice(0, 8)}${fresh[8] === 'Z' ? 'Y' : 'Z'}${fresh.slice(9)}`;
    await refused('token-malformed', /mistyped/, () => t.ka.enrol({ token: typo, csr: keys.csr }));
    // The typo never reached the store: the real token still works.
    await expect(t.ka.enrol({ token: fresh, csr: keys.csr })).resolves.toMatchObject({ node: 'b1' });
  });

  it('refuses CSRs for another node, with weak or wrong-type keys, oversized, or tampered', async () => {
    const token = () => t.ka.createToken('b2', []).token;
    await refused('csr-subject', /must be CN=b2/, async () =>
      t.ka.enrol({ token: token(), csr: nodeKeys(t.dir, 'b3').csr }),
    );
    await refused('csr-key-weak', /1024 bits is too weak/, async () =>
      t.ka.enrol({ token: token(), csr: csrWith('b2', ['-newkey', 'rsa:1024']) }),
    );
    await refused('csr-key-type', /ed25519 keys are not accepted/, async () =>
      t.ka.enrol({ token: token(), csr: csrWith('b2', ['-newkey', 'ed25519']) }),
    );
    await refused('csr-key-weak', /curve secp256k1 is not accepted/, async () =>
      t.ka.enrol({ token: token(), csr: csrWith('b2', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp256k1']) }),
    );
    const huge = `-----BEGIN CERTIFICATE REQUEST-----\n${'A'.repeat(9000)}\n-----END CERTIFICATE REQUEST-----\n`;
    await refused('csr-malformed', /over the 8192 limit/, () => t.ka.enrol({ token: token(), csr: huge }));
    // Signed for c2, then the subject rewritten to b2: the signature no longer covers it.
    const der = Buffer.from(nodeKeys(t.dir, 'c2').csr.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    const at = der.indexOf(Buffer.from('c2'));
    der.write('b', at);
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    await refused('csr-signature', /does not verify/, () => t.ka.enrol({ token: token(), csr: tampered }));
  });

  it('refuses SSH host keys of unsupported types', async () => {
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', join(t.dir, 'rsa-host')]);
    const { token } = t.ka.createToken('b4', []);
    await refused('ssh-key', /ssh-rsa is not supported: use ssh-ed25519/, () =>
      t.ka.enrol({
        token,
        csr: nodeKeys(t.dir, 'b4').csr,
        sshHostKey: readFileSync(join(t.dir, 'rsa-host.pub'), 'utf8'),
      }),
    );
  });

  it('issues certificates a node with its clock 10 minutes off either way accepts', async () => {
    const { token } = t.ka.createToken('b5', ['10.5.0.1']);
    const out = await t.ka.enrol({ token, csr: nodeKeys(t.dir, 'b5').csr });
    writeFileSync(join(t.dir, 'b5.crt'), out.identityPem);
    writeFileSync(join(t.dir, 'b5-ca.crt'), out.caBundlePem);
    for (const skew of [-600, 600]) {
      const at = String(Math.floor(Date.now() / 1000) + skew);
      const r = execFileSync(
        'openssl',
        ['verify', '-attime', at, '-CAfile', join(t.dir, 'b5-ca.crt'), join(t.dir, 'b5.crt')],
        {
          encoding: 'utf8',
        },
      );
      expect(r).toMatch(/: OK/);
    }
  });

  it('a wrong passphrase opens nothing and changes nothing in the data dir', async () => {
    const dir = join(t.dir, 'keys');
    const digest = () =>
      readdirSync(dir)
        .sort()
        .map(
          (f) =>
            `${f}:${createHash('sha256')
              .update(readFileSync(join(dir, f)))
              .digest('hex')}`,
        )
        .join('\n');
    const before = digest();
    await expect(openAuthorities(dir, 'not the passphrase at all')).rejects.toThrow(
      /cannot open .*cluster-ca\.key: wrong passphrase for the keys data dir/,
    );
    expect(digest()).toBe(before);
  });
});
