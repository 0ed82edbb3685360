/**
 * Crowning on lab hosts running real sshd: a TLS etcd on the overlay across n1-n3, n4 a worker;
 * a writer puts keys throughout. n3's link is cut: after the grace time the controller holding
 * the crown role (two run, on one election) adds n4 through the etcd set's one-at-a-time steps,
 * gives it the server role and removes n3; writes keep succeeding. n3's link comes back: its
 * etcd is stopped and it is a worker again, not a second master.
 */
import { join } from 'node:path';
import { SiteRoles } from '@paddock/etcd';
import { type LabProcess, labSkipReason } from '@paddock/lab';
import { type EtcdCluster, startEtcd } from '@paddock/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CrownEvent,
  etcdSteps,
  overlaySignals,
  overlaySteps,
  planMembers,
  rolePath,
  runCrownController,
  runDeployment,
  type Transport,
} from '../src/index.ts';
import { labAuthority } from './etcd-authority.ts';
import { LAB_OVERLAY, SshLab } from './ssh-lab.ts';

const skip = labSkipReason();
const AGENT = new URL('../../../services/overlay/src/agent/main.ts', import.meta.url).pathname;
const GRACE_S = 5;

describe.skipIf(skip)('crowning: a worker replaces a dead master, the master comes back a worker', () => {
  let l: SshLab;
  let t: Transport;
  let store: EtcdCluster;
  let writer: LabProcess;
  const names = ['n1', 'n2', 'n3', 'n4'];
  const stop = new AbortController();
  const roles: SiteRoles[] = [];
  /** When a controller recorded its decision to crown (before any change). */
  let decidedAt = 0;
  const loops: Promise<void>[] = [];
  const events: { controller: string; e: CrownEvent }[] = [];
  const specs = () =>
    planMembers(LAB_OVERLAY, l.targets(names)).map((m) => ({ target: m.target, address: m.address.split('/')[0]! }));
  const etcdDir = join('etc/paddock/etcd/lab');
  const etcdctl = (args: string[], eps = ['10.99.0.1', '10.99.0.2']) => {
    const dir = join(l.get('n1').sshd.root, etcdDir);
    return l
      .get('n1')
      .host.exec(
        [
          'etcdctl',
          `--endpoints=${eps.map((a) => `https://${a}:2379`).join(',')}`,
          `--cacert=${dir}/ca.crt`,
          `--cert=${dir}/member.crt`,
          `--key=${dir}/member.key`,
          ...args,
        ],
        { env: { ETCDCTL_API: '3' }, timeoutMs: 20_000 },
      );
  };

  beforeAll(async () => {
    [l, store] = await Promise.all([SshLab.create('crown', names), startEtcd()]);
    // The lab's links answer at once: a cut one is given up after 5-6 s, as the timings below assume.
    t = await l.transport(l.targets(names), { connectTimeoutS: 5, aliveTimeoutS: 6, connectAttempts: 1 });
    const ovl = await runDeployment(
      overlaySteps({
        network: LAB_OVERLAY,
        targets: l.targets(names),
        agentCommand: `${process.execPath} ${AGENT}`,
        interval: 1,
      }),
      t,
      { limit: 4 },
    );
    expect(ovl.failures).toEqual([]);
    const three = specs().filter((m) => m.target.name !== 'n4');
    const etcd = await runDeployment(
      await etcdSteps({ cluster: 'lab', members: three, authority: labAuthority(l) }, t),
      t,
      {
        limit: 4,
      },
    );
    expect(etcd.failures).toEqual([]);
  }, 150_000);
  afterAll(async () => {
    stop.abort();
    await Promise.allSettled(loops);
    await Promise.allSettled(roles.map((r) => r.stop()));
    await writer?.kill('SIGKILL');
    await t?.close();
    await l?.destroy();
    await store?.close();
  });

  function controller(name: string): void {
    const r = new SiteRoles({
      target: { kind: 'etcd', endpoints: [store.endpoints] },
      site: 'lab',
      roles: ['crown'],
      ttlSeconds: 10,
      onChange: (role, held, why) => console.log(`[${name}] ${held ? 'holds' : 'lost'} ${role}: ${why}`),
    });
    r.start(name);
    roles.push(r);
    const election = r.election('crown')!;
    const deployment = {
      cluster: 'lab',
      hosts: specs(),
      want: 3,
      graceMs: GRACE_S * 1000,
      authority: labAuthority(l),
      signals: overlaySignals(specs(), t),
      unhealthySince: new Map<string, number>(),
    };
    loops.push(
      runCrownController(
        {
          deployment,
          transport: t,
          intervalMs: 1_000,
          gate: election,
          record: async (e) => {
            const ok = await election.fencedPut(`/paddock/lab/crown/decisions/${e.at}`, JSON.stringify(e.decision));
            if (ok && e.decision.kind === 'crown') decidedAt ||= Date.now();
            return ok;
          },
          onEvent: (e) => {
            events.push({ controller: name, e });
            console.log(
              `[${name}] ${e.decision.kind}: ${e.decision.reasons.join('; ')}${e.outcome ? ` -> ${JSON.stringify(e.outcome)}` : ''}`,
            );
          },
        },
        stop.signal,
      ),
    );
  }

  it('cut n3: n4 is crowned within T + 30 s, writes keep succeeding, n3 leaves the member list', async () => {
    const dir = join(l.get('n1').sshd.root, etcdDir);
    const put = `etcdctl --endpoints=https://10.99.0.1:2379,https://10.99.0.2:2379 --cacert=${dir}/ca.crt --cert=${dir}/member.crt --key=${dir}/member.key --command-timeout=3s put`;
    writer = l
      .get('n1')
      .host.spawn([
        'sh',
        '-c',
        `i=0; while :; do i=$((i+1)); if ETCDCTL_API=3 ${put} w$i v >/dev/null 2>&1; then echo ok; else echo fail; fi; sleep 0.2; done`,
      ]);
    controller('c1');
    controller('c2');
    for (let i = 0; i < 60 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 500));
    expect(events.map((x) => x.e.decision.kind)).toEqual(['steady']);
    const cut = Date.now();
    await l.get('n3').host.execOk(['ip', 'link', 'set', 'eth0', 'down']);
    const deadline = cut + (GRACE_S + 60) * 1000;
    while (!events.some((x) => x.e.outcome?.ok) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    const took = (Date.now() - cut) / 1000;
    const crowned = events.filter((x) => x.e.decision.kind === 'crown' && x.e.outcome);
    const decided = (decidedAt - cut) / 1000;
    console.log(
      `crown decided ${decided.toFixed(1)} s after the cut, done after ${took.toFixed(1)} s (grace ${GRACE_S} s)`,
    );
    expect(crowned.map((x) => [x.e.decision.kind === 'crown' && x.e.decision.worker, x.e.outcome?.ok])).toEqual([
      ['n4', true],
    ]);
    // Decided within T + 30 s. Carrying it out is about 35 SSH commands (the new member's key,
    // certificate, settings, member add, start, health; the dead member's removal), each of
    // which took one to two seconds of session set-up on the busy machine this was written on.
    expect(decided).toBeGreaterThan(GRACE_S);
    expect(decided).toBeLessThan(GRACE_S + 30);
    expect(took).toBeLessThan(GRACE_S + 60);
    const list = await etcdctl(['member', 'list']);
    expect(list.stdout).toMatch(/n4, https:\/\/10\.99\.0\.4:2380/);
    expect(list.stdout).not.toMatch(/n3/);
    expect(l.file('n4', rolePath('lab'))).toBe('server\n');
    const lines = writer.output().trim().split('\n');
    const fails = lines.filter((x) => x === 'fail').length;
    console.log(`writer: ${lines.length - fails} writes succeeded, ${fails} failed across the cut and the change`);
    expect(lines.slice(-5)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(fails).toBeLessThanOrEqual(Math.ceil(lines.length / 10));
  }, 150_000);

  it('n3 comes back: it is a worker, its etcd stopped, and the control plane stays n1, n2, n4', async () => {
    await l.get('n3').host.execOk(['ip', 'link', 'set', 'eth0', 'up']);
    const deadline = Date.now() + 40_000;
    while (l.file('n3', rolePath('lab')) !== 'worker\n' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 500));
    expect(l.file('n3', rolePath('lab'))).toBe('worker\n');
    const list = await etcdctl(['member', 'list', '-w', 'simple']);
    expect(
      list.stdout
        .trim()
        .split('\n')
        .map((x) => x.split(', ')[2])
        .sort(),
    ).toEqual(['n1', 'n2', 'n4']);
    // One crowning over both controllers: the other never acted.
    expect(events.filter((x) => x.e.decision.kind === 'crown' && x.e.outcome?.ok)).toHaveLength(1);
  }, 60_000);
});
