import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testAuthority } from '@paddock/keys/testkit';
import { type Bridge, type Host, Lab, type LabSshd, startLabSshd } from '@paddock/lab';
import type { CertAuthority, StepSet, Target, Transport } from '../src/index.ts';
import { openSshTransport, overlaySteps, type SshAuthority, type SshTransportOptions } from '../src/index.ts';

const AGENT = new URL('../../../services/overlay/src/agent/main.ts', import.meta.url).pathname;

/** The overlay network the lab deploys (addresses 10.99.0.N for the Nth target). */
export const LAB_OVERLAY = {
  name: 'lab',
  subnet: '10.99.0.0/24',
  transit: '10.98.0.0/24',
  vni: 4242,
  listenPort: 51820,
};

export interface SshLabHost {
  name: string;
  address: string;
  host: Host;
  sshd: LabSshd;
  target: Target;
}

/**
 * Lab hosts that run Debian's sshd with a host certificate from the keys service (enrolled as a
 * node enrols), each with private /etc/paddock, /var/lib/paddock, ...; plus a `ctl` host from
 * which the deployer's ssh runs, on the same bridge. Every address is inside the lab.
 */
export class SshLab {
  readonly lab: Lab;
  readonly keys: Awaited<ReturnType<typeof testAuthority>>;
  readonly ctl: Host;
  readonly hosts: SshLabHost[] = [];
  readonly authority: SshAuthority;
  readonly #bridge: Bridge;
  readonly #subnet: string;
  readonly #privateDirs: string[] | undefined;

  private constructor(
    lab: Lab,
    keys: SshLab['keys'],
    ctl: Host,
    bridge: Bridge,
    subnet: string,
    privateDirs: string[] | undefined,
  ) {
    this.lab = lab;
    this.keys = keys;
    this.ctl = ctl;
    this.#bridge = bridge;
    this.#subnet = subnet;
    this.#privateDirs = privateDirs;
    writeFileSync(join(keys.dir, 'user_ca.pub'), `${keys.authorities.sshUser.line}\n`);
    this.authority = {
      hostCa: async () => ({ line: keys.authorities.sshHost.line, revoked: keys.ka.publicHalves().revokedSshHostKeys }),
      userCertificate: async (pub, principals, ttl) =>
        keys.ka.sshUserCert(pub, 'deploy@lab', principals, ttl).certificate,
    };
  }

  /** `privateDirs`: each host's own directories, when a deployment installs outside PRIVATE_DIRS (k3s). */
  static async create(tag: string, names: string[], subnet = '10.77.0', privateDirs?: string[]): Promise<SshLab> {
    const keys = await testAuthority();
    const lab = await Lab.create(tag);
    try {
      const bridge = await lab.bridge('ul0');
      const ctl = await lab.host('ctl');
      await lab.link(ctl, bridge, { ifname: 'eth0', addresses: [`${subnet}.1/24`] });
      const l = new SshLab(lab, keys, ctl, bridge, subnet, privateDirs);
      for (const name of names) await l.addHost(name);
      return l;
    } catch (err) {
      await lab.destroy();
      keys.cleanup();
      throw err;
    }
  }

  /** A host whose host certificate comes from the keys service, or (foreignCa) from a CA of its own. */
  async addHost(name: string, opts: { foreignCa?: boolean } = {}): Promise<SshLabHost> {
    const address = `${this.#subnet}.${this.hosts.length + 10}`;
    const host = await this.lab.host(name);
    await this.lab.link(host, this.#bridge, { ifname: 'eth0', addresses: [`${address}/24`] });
    const dir = join(this.keys.dir, name);
    mkdirSync(dir, { recursive: true });
    const hostKey = join(dir, 'ssh_host_ed25519_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', hostKey]);
    const hostCert = `${hostKey}-cert.pub`;
    if (opts.foreignCa) {
      const ca = join(dir, 'foreign_ca');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', ca]);
      execFileSync('ssh-keygen', ['-q', '-s', ca, '-h', '-I', name, '-n', address, '-V', '-5m:+1h', `${hostKey}.pub`]);
    } else {
      writeFileSync(hostCert, `${await this.#enrol(name, address, dir, `${hostKey}.pub`)}\n`);
    }
    const sshd = await startLabSshd(host, {
      dir,
      hostKey,
      hostCert,
      userCa: join(this.keys.dir, 'user_ca.pub'),
      ...(this.#privateDirs ? { privateDirs: this.#privateDirs } : {}),
    });
    const h = { name, address, host, sshd, target: { name, address } };
    this.hosts.push(h);
    return h;
  }

  /** The node's enrolment: a one-time token for its address, a CSR and its SSH host key. */
  async #enrol(name: string, address: string, dir: string, hostPub: string): Promise<string> {
    const { token } = this.keys.ka.createToken(name, [address]);
    const key = join(dir, 'id.key');
    const csr = execFileSync(
      'openssl',
      [
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-subj',
        `/CN=${name}`,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const issued = await this.keys.ka.enrol({ token, csr, sshHostKey: readFileSync(hostPub, 'utf8') });
    return issued.sshHostCert;
  }

  get(name: string): SshLabHost {
    const h = this.hosts.find((x) => x.name === name);
    if (!h) throw new Error(`no host ${name}`);
    return h;
  }

  targets(names?: string[]): Target[] {
    return (names ?? this.hosts.map((h) => h.name)).map((n) => this.get(n).target);
  }

  /** A file as the host sees it (`/etc/paddock/x` of host a), or undefined. */
  file(name: string, path: string): string | undefined {
    try {
      return readFileSync(join(this.get(name).sshd.root, path), 'utf8');
    } catch {
      return undefined;
    }
  }

  /** The keys service as deployments use it for TLS: the cluster CA; a certificate per CSR made on a host. */
  certAuthority(): CertAuthority {
    return {
      caBundle: async () => this.keys.ka.publicHalves().caBundlePem,
      issue: async (name, addresses, csr) => {
        const { token } = this.keys.ka.createToken(name, addresses);
        return (await this.keys.ka.enrol({ token, csr })).identityPem;
      },
    };
  }

  /** etcdctl as an admin on the first host would run it, over the overlay, with that member's certificate. */
  etcdctl(cluster: string, addresses: string[], args: string[]) {
    const dir = join(this.hosts[0]!.sshd.root, 'etc/paddock/etcd', cluster);
    return this.hosts[0]!.host.exec(
      [
        'etcdctl',
        `--endpoints=${addresses.map((a) => `https://${a}:2379`).join(',')}`,
        `--cacert=${dir}/ca.crt`,
        `--cert=${dir}/member.crt`,
        `--key=${dir}/member.key`,
        ...args,
      ],
      { env: { ETCDCTL_API: '3' }, timeoutMs: 20_000 },
    );
  }

  /** The overlay on these hosts, the agent run from this checkout. */
  overlay(names: string[]): StepSet {
    return overlaySteps({
      network: LAB_OVERLAY,
      targets: this.targets(names),
      agentCommand: `${process.execPath} ${AGENT}`,
      interval: 2,
    });
  }

  /** SSH from the ctl host with a certificate issued for this deployment. */
  transport(targets = this.targets(), opts: SshTransportOptions = {}): Promise<Transport> {
    return openSshTransport(this.authority, targets, { sshCommand: this.ctl.wrap(['ssh']), ...opts });
  }

  async destroy(): Promise<void> {
    await this.lab.destroy();
    this.keys.cleanup();
    for (const h of this.hosts) rmSync(h.sshd.root, { recursive: true, force: true });
  }
}
