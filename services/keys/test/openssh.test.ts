import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { labSkipReason } from '@paddock/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAuthority } from '../src/server/testkit.ts';
import { sshLogin, startSshd } from './sshd.ts';

const run = promisify(execFile);
const skip = labSkipReason();

describe.skipIf(skip)('Debian OpenSSH trusts what the keys service issues', () => {
  let clock = Date.now();
  let t: Awaited<ReturnType<typeof testAuthority>>;
  const stops: Array<() => void> = [];
  let good: { port: number; log: () => string };
  const f = (name: string) => join(t.dir, name);
  const keygen = (name: string) => run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', f(name)]);
  const knownHosts = (lines: string[]) => {
    writeFileSync(f('known_hosts'), `${lines.join('\n')}\n`);
    return f('known_hosts');
  };
  const caLine = () => `@cert-authority * ${t.authorities.sshHost.line}`;
  const userCert = async (name: string, opts: { ttl?: number; principal?: string } = {}) => {
    await keygen(name);
    const pub = readFileSync(f(`${name}.pub`), 'utf8');
    const out = t.ka.sshUserCert(pub, `${name}@test`, [opts.principal ?? 'root'], opts.ttl);
    writeFileSync(f(`${name}-cert.pub`), `${out.certificate}\n`);
    return { key: f(name), cert: f(`${name}-cert.pub`), serial: out.serial };
  };
  const sshdWith = async (hostCert: string, hostKey: string) => {
    const s = await startSshd(t.dir, { hostKey, hostCert, userCa: f('user_ca.pub'), revoked: f('revoked_keys') });
    stops.push(s.stop);
    return s;
  };
  // Enrols a node as a real one does: its host key from ssh-keygen, its TLS key by openssl, the rest by token.
  const enrolHost = async (node: string, host: string) => {
    await keygen(host);
    const { token } = t.ka.createToken(node, ['127.0.0.1']);
    const csr = (
      await run('openssl', [
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        f(`${host}.key`),
        '-subj',
        `/CN=${node}`,
      ])
    ).stdout;
    const issued = await t.ka.enrol({ token, csr, sshHostKey: readFileSync(f(`${host}.pub`), 'utf8') });
    writeFileSync(f(`${host}-cert.pub`), `${issued.sshHostCert}\n`);
    return sshdWith(f(`${host}-cert.pub`), f(host));
  };
  // A certificate from a CA the site never issued: what an attacker would present.
  const signWithForeignCa = async (ca: string, key: string, identity: string, principal: string, host = false) => {
    await keygen(ca);
    await keygen(key);
    const hostFlag = host ? ['-h'] : [];
    await run('ssh-keygen', [
      '-q',
      '-s',
      f(ca),
      ...hostFlag,
      '-I',
      identity,
      '-n',
      principal,
      '-V',
      '-5m:+1h',
      f(`${key}.pub`),
    ]);
  };

  beforeAll(async () => {
    t = await testAuthority({ now: () => clock });
    writeFileSync(f('user_ca.pub'), `${t.authorities.sshUser.line}\n`);
    writeFileSync(f('revoked_keys'), '');
    good = await enrolHost('node-ssh', 'host');
  }, 60_000);
  afterAll(() => {
    for (const stop of stops) stop();
    t?.cleanup();
  });

  it('an issued user certificate logs in: no password, no host key prompt', async () => {
    const u = await userCert('alice');
    const r = await sshLogin({ port: good.port, ...u, knownHosts: knownHosts([caLine()]) });
    expect(r).toMatchObject({ code: 0, stdout: 'logged-in-as-root' });
  });

  it('sshd refuses an expired, a revoked and a foreign user certificate', async () => {
    const kh = knownHosts([caLine()]);
    clock = Date.now() - 10 * 3600_000;
    const old = await userCert('old', { ttl: 3600 });
    clock = Date.now();
    expect((await sshLogin({ port: good.port, ...old, knownHosts: kh })).code).toBe(255);
    expect(good.log()).toMatch(/expired|Certificate invalid/);

    const revoked = await userCert('bob');
    expect((await sshLogin({ port: good.port, ...revoked, knownHosts: kh })).code).toBe(0);
    t.ka.revoke(revoked.serial, 'laptop lost');
    writeFileSync(
      f('revoked_keys'),
      t.ka
        .publicHalves()
        .revokedSshUserKeys.map((k) => `${k}\n`)
        .join(''),
    );
    expect((await sshLogin({ port: good.port, ...revoked, knownHosts: kh })).code).toBe(255);
    expect(good.log()).toMatch(/revoked/i);

    await signWithForeignCa('foreign_ca', 'mallory', 'mallory', 'root');
    const r = await sshLogin({ port: good.port, key: f('mallory'), cert: f('mallory-cert.pub'), knownHosts: kh });
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/Permission denied/);
  });

  it('ssh refuses a host whose certificate is foreign, expired or revoked', async () => {
    const u = await userCert('carol');
    await signWithForeignCa('foreign_host_ca', 'host2', 'evil', '127.0.0.1', true);
    const foreign = await sshdWith(f('host2-cert.pub'), f('host2'));
    const r1 = await sshLogin({ port: foreign.port, ...u, knownHosts: knownHosts([caLine()]) });
    expect(r1.code).toBe(255);
    expect(r1.stderr).toMatch(/Host key verification failed/);

    clock = Date.now() - 30 * 86_400_000;
    const expired = await enrolHost('node-old', 'host3').finally(() => {
      clock = Date.now();
    });
    const r2 = await sshLogin({ port: expired.port, ...u, knownHosts: knownHosts([caLine()]) });
    expect(r2.code).toBe(255);
    expect(r2.stderr).toMatch(/Host key verification failed/);

    t.ka.revoke('node-ssh', 'decommissioned');
    const revokedHosts = t.ka.publicHalves().revokedSshHostKeys.map((k) => `@revoked * ${k}`);
    expect(revokedHosts.length).toBeGreaterThan(0);
    const r3 = await sshLogin({ port: good.port, ...u, knownHosts: knownHosts([caLine(), ...revokedHosts]) });
    expect(r3.code).toBe(255);
    expect(r3.stderr).toMatch(/REVOKED|revoked/);
  });
});
