import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { labSkipReason, PRIVATE_DIRS } from '@paddock/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computePlan,
  crownPass,
  etcdSteps,
  formatPlan,
  k3sSteps,
  loadToken,
  overlaySignals,
  planMembers,
  type RunDeploymentOptions,
  rolePath,
  runDeployment,
  type StepSet,
  serverStagesFor,
  type Transport,
} from '../src/index.ts';
import { LAB_OVERLAY, SshLab } from './ssh-lab.ts';

const skip = labSkipReason();
/** NOT k3s: a stand-in script honouring the command line, files and /readyz the deployer relies on (see its header). */
const STANDIN = new URL('../../k3s-standin/k3s-standin', import.meta.url).pathname;
const exec = promisify(execFile);

describe.skipIf(skip)('paddock deploy overlay → etcd → k3s (k3s is the stand-in), on lab hosts over SSH', () => {
  let l: SshLab;
  let t: Transport;
  let dir: string;
  let token: string;
  const names = ['n1', 'n2', 'n3', 'n4'];
  const nodes = () =>
    planMembers(LAB_OVERLAY, l.targets(names)).map((m) => ({ target: m.target, address: m.address.split('/')[0]! }));
  const etcd = () => etcdSteps({ cluster: 'lab', members: nodes().slice(0, 3), authority: l.certAuthority() }, t);
  /** k3s with `servers` (host names) as its servers on the etcd cluster of the same members, the others agents. */
  const k3s = (servers = ['n1', 'n2', 'n3']) =>
    k3sSteps({
      cluster: 'lab',
      servers: nodes().filter((n) => servers.includes(n.target.name)),
      agents: nodes().filter((n) => !servers.includes(n.target.name)),
      iface: `br-${LAB_OVERLAY.name}`,
      bundle: { binary: join(dir, 'bundle/k3s'), images: [join(dir, 'bundle/k3s-airgap-images-amd64.tar.zst')] },
      token,
      datastore: {
        endpoints: nodes()
          .filter((n) => servers.includes(n.target.name))
          .map((n) => `https://${n.address}:2379`),
        authority: l.certAuthority(),
      },
      kubeconfig: join(dir, 'kubeconfig'),
    });
  const run = (set: StepSet, o: RunDeploymentOptions = {}) =>
    runDeployment(set, t, { limit: 4, logDir: join(dir, 'logs', set.name), progressFile: join(dir, set.name), ...o });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-k3s-'));
    // The air-gap bundle: the stand-in as the binary, and a placeholder where the images tarball goes.
    const bundle = join(dir, 'bundle');
    rmSync(bundle, { recursive: true, force: true });
    mkdirSync(bundle);
    copyFileSync(STANDIN, join(bundle, 'k3s'));
    writeFileSync(join(bundle, 'k3s-airgap-images-amd64.tar.zst'), 'placeholder: the stand-in imports no images\n');
    token = loadToken(join(dir, 'token'), true);
    // k3s installs under /usr/local/bin, /etc/rancher and /var/lib/rancher: each host gets its own.
    l = await SshLab.create('deploy-k3s', names, '10.77.0', [
      ...PRIVATE_DIRS,
      '/usr/local/bin',
      '/etc/rancher',
      '/var/lib/rancher',
    ]);
    t = await l.transport(l.targets(names));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await l?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('brings up etcd and three k3s servers and an agent on the overlay; second runs change nothing', async () => {
    expect((await run(l.overlay(names))).failures).toEqual([]);
    expect((await run(await etcd())).failures).toEqual([]);
    const health = await l.etcdctl('lab', ['10.99.0.1', '10.99.0.2', '10.99.0.3'], ['endpoint', 'health']);
    expect(new Set(`${health.stdout}${health.stderr}`.match(/https:\/\/[\d.]+:2379 is healthy/g)).size).toBe(3);

    const plan = formatPlan(await computePlan(await k3s(), t)).join('\n');
    expect(plan).toMatch(
      /n2 \[k3s-install\]: \d+ change\(s\)\n\s+\+ k3s binary .*: \/usr\/local\/bin\/k3s missing, .*\/etc\/rancher\/k3s\/token missing/,
    );
    expect(plan).not.toMatch(/cannot check/);
    expect(plan).toMatch(
      /n1 \[k3s-kubeconfig\]: 1 change\(s\)\n\s+\+ admin kubeconfig .*: the server has no \/etc\/rancher\/k3s\/k3s\.yaml yet/,
    );
    // Every ps of the machine while k3s deploys: the token must never be on a command line.
    const psSeen: string[] = [];
    const sampler = setInterval(() => {
      exec('ps', ['-eo', 'args']).then(
        (r) => psSeen.push(r.stdout),
        () => {},
      );
    }, 300);
    const first = await run(await k3s()).finally(() => clearInterval(sampler));
    expect(first.failures).toEqual([]);

    for (const i of [1, 2, 3]) {
      const r = await l.get('n4').host.exec(['curl', '-sk', `https://10.99.0.${i}:6443/readyz`], { timeoutMs: 10_000 });
      expect(r.stdout, `server 10.99.0.${i}`).toBe('ok');
    }
    expect(l.file('n4', '/var/lib/rancher/k3s/agent/client-kubelet.crt')).toMatch(/BEGIN CERTIFICATE/);
    const kubeconfig = join(dir, 'kubeconfig');
    expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
    expect(readFileSync(kubeconfig, 'utf8')).toMatch(/server: https:\/\/10\.99\.0\.1:6443/);
    // The copy works from another overlay host: its URL and CA are the server's.
    const viaCopy = await l
      .get('n4')
      .host.exec([STANDIN, 'kubectl', 'get', '--raw=/readyz'], { env: { KUBECONFIG: kubeconfig } });
    expect(viaCopy.stdout).toBe('ok');
    expect(statSync(join(l.get('n2').sshd.root, 'etc/rancher/k3s/token')).mode & 0o777).toBe(0o600);

    const again = [await run(l.overlay(names)), await run(await etcd()), await run(await k3s())];
    expect(again.map((r) => ({ ok: r.ok, changed: r.changed }))).toEqual(Array(3).fill({ ok: true, changed: 0 }));

    // The token is in no process list, no deploy log or progress file, no host's logs; nor is the admin's client key.
    const clientKey = /client-key-data: (\S+)/.exec(readFileSync(kubeconfig, 'utf8'))![1]!;
    expect(psSeen.length).toBeGreaterThan(5);
    expect(psSeen.join('\n')).toMatch(/\/usr\/local\/bin\/k3s server/);
    const written = [...files(join(dir, 'logs')), ...files(dir, /^k3s-lab|^etcd-lab|^overlay-lab/)].map((f) =>
      readFileSync(f, 'utf8'),
    );
    for (const n of names)
      written.push(readFileSync(join(l.get(n).sshd.root, 'var/log/paddock/k3s.log'), 'utf8'), l.get(n).sshd.log());
    for (const text of [...psSeen, ...written, plan]) {
      expect(text.includes(token)).toBe(false);
      expect(text.includes(clientKey)).toBe(false);
    }
  }, 300_000);

  it('a stand-in agent with a wrong token is refused and never joins', async () => {
    const bad = join(dir, 'bad-token');
    writeFileSync(bad, 'not-the-cluster-token-0123456789\n', { mode: 0o600 });
    const r = await l
      .get('n4')
      .host.exec([
        'timeout',
        '3',
        STANDIN,
        'agent',
        '-c',
        '/dev/null',
        '--server',
        'https://10.99.0.2:6443',
        '--token-file',
        bad,
        '-d',
        join(dir, 'bad-agent'),
      ]);
    expect(r.stdout).toMatch(/refused the token/);
    expect(() => statSync(join(dir, 'bad-agent/agent/client-kubelet.crt'))).toThrow();
  }, 20_000);

  it('a dead master: one crowning pass makes the agent n4 an etcd member and a k3s server on the new member list', async () => {
    // Short SSH timeouts: every pass waits them out on the dead host.
    const ct = await l.transport(l.targets(names), { connectTimeoutS: 5, aliveTimeoutS: 6, connectAttempts: 1 });
    try {
      await l.get('n3').host.execOk(['ip', 'link', 'set', 'eth0', 'down']);
      const pass = await crownPass(
        {
          cluster: 'lab',
          hosts: nodes(),
          want: 3,
          graceMs: 0,
          authority: l.certAuthority(),
          signals: overlaySignals(nodes(), ct),
          unhealthySince: new Map(),
          serverStages: async (worker, members) => serverStagesFor(await k3s(members), worker),
        },
        ct,
      );
      expect(pass.decision).toMatchObject({ kind: 'crown', worker: 'n4', replaces: 'n3' });
      expect(pass.set?.stages.map((s) => s.name)).toEqual(
        expect.arrayContaining(['k3s-install', 'k3s-servers'].map((n) => expect.stringContaining(n))),
      );
      const done = await runDeployment(pass.set!, ct, { limit: 4 });
      expect(done.failures).toEqual([]);
      expect(l.file('n4', rolePath('lab'))).toBe('server\n');
      expect(l.file('n4', '/etc/rancher/k3s/config.yaml')).toMatch(/https:\/\/10\.99\.0\.4:2379/);
      const ready = await l
        .get('n1')
        .host.exec(['curl', '-sk', 'https://10.99.0.4:6443/readyz'], { timeoutMs: 10_000 });
      expect(ready.stdout).toBe('ok');
      const members = await l.etcdctl('lab', ['10.99.0.1', '10.99.0.2'], ['member', 'list']);
      expect(members.stdout).toMatch(/n4, https:\/\/10\.99\.0\.4:2380/);
      expect(members.stdout).not.toMatch(/n3/);
    } finally {
      await ct.close();
    }
  }, 180_000);
});

function files(root: string, name = /./): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && name.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}
