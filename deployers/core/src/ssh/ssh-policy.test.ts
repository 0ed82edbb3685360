import { describe, expect, it } from 'vitest';
import { hostPattern, knownHostsFile } from './known-hosts.ts';
import { sshArgs } from './ssh-args.ts';
import { classifySsh } from './ssh-errors.ts';
import { remoteCommand } from './ssh-transport.ts';

const CA = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOv5B3bCo0QG4PJ1pG9Qb7l2vY0n0o8d6b3Zk1nM5Xy2 paddock-host-ca';

describe('SSH trust, as files and options', () => {
  it('trusts only our host CA, for exactly the targets, with revoked keys listed', () => {
    const kh = knownHostsFile(
      CA,
      [
        { name: 'a', address: '10.0.0.1' },
        { name: 'b', address: '10.0.0.2', port: 2222 },
      ],
      ['ssh-ed25519 AAAAREVOKED'],
    );
    expect(kh).toBe(`@cert-authority 10.0.0.1,[10.0.0.2]:2222 ${CA}\n@revoked * ssh-ed25519 AAAAREVOKED\n`);
    expect(kh.split('\n').filter((l) => l && !l.startsWith('@'))).toEqual([]);
  });

  it('refuses a CA line that is not a key and an address that could inject a pattern', () => {
    expect(() => knownHostsFile('not a key', [{ name: 'a', address: 'x' }])).toThrow(/not an SSH public key/);
    expect(() => hostPattern({ name: 'a', address: '*,evil' })).toThrow(/not a host name/);
    expect(() => knownHostsFile(CA, [])).toThrow(/no targets/);
  });

  it('never trusts on first use and never prompts', () => {
    const args = sshArgs(
      { key: '/k', cert: '/k-cert.pub', knownHosts: '/kh', controlDir: '/c' },
      { name: 'a', address: '10.0.0.1' },
    );
    const opts = args.filter((_, i) => args[i - 1] === '-o');
    expect(opts).toContain('StrictHostKeyChecking=yes');
    expect(opts).toContain('BatchMode=yes');
    expect(opts).toContain('GlobalKnownHostsFile=/dev/null');
    expect(opts.some((o) => /StrictHostKeyChecking=(no|accept-new)/.test(o))).toBe(false);
    expect(args.slice(0, 2)).toEqual(['-F', '/dev/null']);
    expect(args.at(-1)).toBe('10.0.0.1');
  });

  it("names ssh's own failures; a command's own 255 is mapped away from ssh's", () => {
    expect(remoteCommand('exit 255')).toBe(`sh -c 'exit 255'; r=$?; [ $r -eq 255 ] && r=254; exit $r`);
    expect(classifySsh('Host key verification failed.\r\n')?.kind).toBe('host-key');
    expect(classifySsh('root@10.0.0.1: Permission denied (publickey).')?.kind).toBe('auth');
    expect(classifySsh('ssh: connect to host 10.0.0.9 port 22: No route to host')?.kind).toBe('unreachable');
    expect(classifySsh('ssh: connect to host 10.0.0.9 port 22: Connection timed out')?.kind).toBe('unreachable');
    expect(classifySsh('Timeout, server 10.0.0.1 not responding.')?.kind).toBe('lost');
    expect(classifySsh('')).toMatchObject({ kind: 'lost', message: 'connection lost mid-step' });
  });
});
