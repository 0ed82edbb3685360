import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labSkipReason } from '@paddock/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeployEvent, fileStep, runDeployment, type StepSet, shellStep, type Target } from '../src/index.ts';
import { SshLab } from './ssh-lab.ts';

const skip = labSkipReason();

/** Per host: a file naming the host, and a marker written by a command. */
const demoSet = (targets: Target[], extra: (t: Target) => ReturnType<typeof shellStep>[] = () => []): StepSet => ({
  name: 'demo',
  stages: [
    {
      name: 'files',
      hosts: targets,
      steps: (t) => [
        fileStep({ id: 'name', path: '/etc/paddock/name', content: `${t.name}\n` }),
        ...extra(t),
        shellStep({
          id: 'marker',
          title: 'touch marker',
          check: 'test -e /var/lib/paddock/marker',
          apply: 'touch /var/lib/paddock/marker',
        }),
      ],
    },
  ],
});

describe.skipIf(skip)('deploying over SSH to lab hosts that run Debian sshd', () => {
  let l: SshLab;
  let dir: string;
  beforeAll(async () => {
    l = await SshLab.create('deploy-ssh', ['a', 'b', 'c']);
    dir = mkdtempSync(join(tmpdir(), 'deploy-ssh-'));
  }, 60_000);
  afterAll(async () => {
    await l?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs per-host files with a keys-service certificate, and a second run changes nothing', async () => {
    const t = await l.transport();
    try {
      const logDir = join(dir, 'logs');
      const first = await runDeployment(demoSet(l.targets()), t, { logDir });
      expect(first).toMatchObject({ ok: true, changed: 6, unchanged: 0 });
      expect(['a', 'b', 'c'].map((h) => l.file(h, '/etc/paddock/name'))).toEqual(['a\n', 'b\n', 'c\n']);
      expect(l.file('a', '/var/lib/paddock/marker')).toBe('');
      const second = await runDeployment(demoSet(l.targets()), t);
      expect(second).toMatchObject({ ok: true, changed: 0, unchanged: 6 });
      expect(readFileSync(join(logDir, 'b.log'), 'utf8')).toMatch(/\$ sha256sum '\/etc\/paddock\/name'/);
    } finally {
      await t.close();
    }
    expect(l.get('a').sshd.log()).toMatch(/Accepted publickey for root .* ED25519-CERT .*ID deploy@lab/);
  });

  it('refuses a host whose host key our CA did not sign, before any command runs', async () => {
    const rogue = await l.addHost('rogue', { foreignCa: true });
    const t = await l.transport([rogue.target]);
    try {
      const r = await runDeployment(demoSet([rogue.target]), t);
      expect(r.ok).toBe(false);
      expect(r.failures[0]?.error).toMatch(/^host key refused: not certified by the Paddock SSH host CA/);
    } finally {
      await t.close();
    }
    expect(l.file('rogue', '/etc/paddock/name')).toBeUndefined();
    expect(rogue.sshd.log()).not.toMatch(/Accepted|session opened|Starting session/);
  });

  it('wrong credentials: a certificate from another user CA is refused with a clear error', async () => {
    const foreign = await SshLab.create('deploy-ssh-foreign', [], '10.78.0');
    try {
      // The hosts trust our user CA; this transport's certificate comes from a different keys service.
      const t = await (async () => {
        const { openSshTransport } = await import('../src/index.ts');
        return openSshTransport(
          { hostCa: l.authority.hostCa, userCertificate: foreign.authority.userCertificate },
          l.targets(['a']),
          { sshCommand: l.ctl.wrap(['ssh']) },
        );
      })();
      const r = await runDeployment(demoSet(l.targets(['a'])), t);
      await t.close();
      expect(r.failures[0]?.error).toMatch(/^login refused: .*Permission denied/);
    } finally {
      await foreign.destroy();
    }
  });

  it('an unreachable host fails with its own error while the others finish', async () => {
    const ghost = { name: 'ghost', address: '10.77.0.99' };
    const t = await l.transport([...l.targets(['a']), ghost], { connectTimeoutS: 3 });
    try {
      const r = await runDeployment(demoSet([...l.targets(['a']), ghost]), t);
      expect(r.failures.map((f) => [f.host, f.error.split(':')[0]])).toEqual([['ghost', 'unreachable']]);
      expect(r.unchanged).toBe(2);
    } finally {
      await t.close();
    }
  });

  it('a host that answers only a later connection attempt is reached; with one attempt it is unreachable', async () => {
    const c = l.get('c').host;
    const reach = async (connectAttempts: number) => {
      const t = await l.transport(l.targets(['c']), { connectTimeoutS: 2, connectAttempts });
      await c.execOk(['ip', 'link', 'set', 'eth0', 'down']);
      // Back 2.5 s later: after the first attempt gave up, before the second (ssh waits a second between).
      const back = new Promise((r) => setTimeout(r, 2500)).then(() => c.execOk(['ip', 'link', 'set', 'eth0', 'up']));
      try {
        return await t.remote(l.targets(['c'])[0]!, () => {}).run('echo here');
      } finally {
        await back;
        await t.close();
      }
    };
    await expect(reach(1)).rejects.toMatchObject({ kind: 'unreachable' });
    expect((await reach(3)).stdout.trim()).toBe('here');
  });

  it('a failing step, a host vanishing mid-step and Ctrl-C each stop that host; the next run resumes there', async () => {
    const progressFile = join(dir, 'progress.json');
    let fail = true;
    const extra = (t: Target) => [
      shellStep({
        id: 'slow',
        title: 'slow step',
        check: 'test -e /var/lib/paddock/slow',
        apply:
          t.name === 'a' && fail
            ? 'echo disk full >&2; exit 3'
            : `sleep ${fail ? 30 : 0} && touch /var/lib/paddock/slow`,
      }),
    ];
    for (const h of ['a', 'b', 'c']) rmSync(join(l.get(h).sshd.root, 'var/lib/paddock/marker'), { force: true });
    const ac = new AbortController();
    const events: DeployEvent[] = [];
    // ssh gives the lost link up after 6 s without an answer (and a fresh connection after 5 s
    // more), well before the Ctrl-C.
    const t = await l.transport(l.targets(['a', 'b', 'c']), {
      signal: ac.signal,
      aliveTimeoutS: 6,
      connectTimeoutS: 5,
      connectAttempts: 1,
    });
    const run = runDeployment(demoSet(l.targets(['a', 'b', 'c']), extra), t, {
      progressFile,
      logDir: join(dir, 'logs2'),
      signal: ac.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.kind === 'step' && e.step === 'slow' && e.status === 'applying' && e.host === 'b') {
          // b loses its link: ssh's keepalives notice; c is interrupted by Ctrl-C a little later.
          void l.get('b').host.execOk(['ip', 'link', 'set', 'eth0', 'down']);
          setTimeout(() => ac.abort(), 15_000);
        }
      },
    });
    const r = await run;
    await t.close();
    const byHost = Object.fromEntries(r.failures.map((f) => [f.host, f.error]));
    expect(byHost['a']).toMatch(/exited 3: disk full/);
    expect(byHost['b']).toMatch(/connection lost mid-step/);
    expect(byHost['c']).toMatch(/^interrupted/);
    expect(r.interrupted).toBe(true);
    expect(l.file('c', '/var/lib/paddock/marker')).toBeUndefined();

    await l.get('b').host.execOk(['ip', 'link', 'set', 'eth0', 'up']);
    fail = false;
    const t2 = await l.transport(l.targets(['a', 'b', 'c']));
    const events2: DeployEvent[] = [];
    const r2 = await runDeployment(demoSet(l.targets(['a', 'b', 'c']), extra), t2, {
      progressFile,
      onEvent: (e) => events2.push(e),
    });
    await t2.close();
    expect(r2.failures).toEqual([]);
    // c's interrupted `sleep && touch` may have finished on the host by itself meanwhile (ssh's
    // client was stopped; the remote command was not): then its check finds it done.
    expect(r2.ok).toBe(true);
    expect(r2.changed).toBeGreaterThanOrEqual(5);
    const resumed = events2.filter((e) => e.kind === 'step' && e.status === 'resumed').length;
    expect(resumed).toBe(3); // the name file on every host was not checked again
    expect(['a', 'b', 'c'].every((h) => l.file(h, '/var/lib/paddock/slow') === '')).toBe(true);
  }, 60_000);
});
