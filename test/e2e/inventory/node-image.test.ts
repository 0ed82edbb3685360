/**
 * The node image through `paddock up`, as a server with an Intel NIC or a VM would boot it: four
 * QEMU machines (BIOS and UEFI, each with a virtio NIC and with an e1000), each created and
 * powered on through the inventory, PXE-boot the node image and reach ready. The enrolment hook
 * the image was built with ran after DHCP, and OpenSSH's sshd presents the host certificate it
 * brought: the server logs in to each trusting only the site's host CA, with a user certificate
 * of the site's user CA (as the deployers do) and with the key the image was built with, and
 * runs the WireGuard tools, iproute2, curl and openssl from the image. Each machine's hardware
 * report (sent with its phone-home) matches what QEMU was given: CPUs, memory, the disk's size
 * and serial, the NIC's MAC and driver; selectors on those facts pick the right machine. The
 * first machine is powered through its BMC, as a data centre would: OpenIPMI's ipmi_sim on the
 * lab network, whose chassis hook runs the machine's QEMU, so `power pxe`, cycle and off over
 * IPMI are seen by QEMU and by ipmitool. Prints power-on→ready per machine.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labSkipReason, run } from '@paddock/lab';
import { LifecycleState, type Node, PowerAction, PowerState } from '@paddock/proto/inventory/v1/inventory.ts';
import type { GetAuthoritiesResponse } from '@paddock/proto/keys/v1/keys.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolScript } from '../../../services/cli/src/demo/machine-image.ts';
import {
  createMachine,
  powerOn,
  prepareBoot,
  RULE_NAME,
  waitForNode,
} from '../../../services/cli/src/demo/machine-setup.ts';
import { diskSerial, qemuArgs, vmPaths } from '../../../services/inventory/src/power/qemu/qemu-args.ts';
import { parseQemuOptions } from '../../../services/inventory/src/power/qemu/qemu-options.ts';
import { IpmiSim } from '../../../services/inventory/test/bmc/ipmi-sim.ts';
import { CLI_BIN, REPO_ROOT } from '../paddock-process.ts';
import { type GoldenLab, startGoldenLab } from './golden-lab.ts';

const ENROL_MARKER = 'PADDOCK-TEST-ENROL-HOOK';

const skip =
  labSkipReason() ??
  (['/usr/bin/qemu-system-x86_64', '/usr/bin/ssh'].find((f) => !existsSync(f)) && !process.env['CI']
    ? 'qemu-system-x86 or openssh-client is missing'
    : undefined);

describe.skipIf(skip)('node image: virtio and e1000 machines to ready through paddock up', () => {
  let g: GoldenLab;
  let c: ReturnType<GoldenLab['clients']>;
  let key: string;
  let bmc: IpmiSim | undefined;
  let certKey: string;
  let authorities: GetAuthoritiesResponse;
  const readyMs: Record<string, number> = {};

  /** Runs `commands` on the machine as root over SSH from the server host, trusting `knownHosts` only. */
  const sshAs = (identity: string, knownHosts: string, ip: string, commands: string[]) =>
    g.server.exec(
      [
        'ssh',
        ...['-i', identity, '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${knownHosts}`],
        ...['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=20', `root@${ip}`, commands.join('; ')],
      ],
      { timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    g = await startGoldenLab('nodeimg', 97);
    c = g.clients();
    key = join(g.dir, 'id_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'node-image-test', '-f', key]);
    certKey = join(g.dir, 'id_cert');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'deployer', '-f', certKey]);
    const { certificate } = await c.keys.issueSshUserCertificate({
      publicKey: readFileSync(`${certKey}.pub`, 'utf8').trim(),
      principals: ['root'],
      keyId: 'node-image-test',
      ttlSeconds: 3600,
    });
    writeFileSync(`${certKey}-cert.pub`, `${certificate}\n`);
    authorities = await c.keys.getAuthorities({});
    await prepareBoot(c.boot, {
      authorizedKeys: [readFileSync(`${key}.pub`, 'utf8').trim()],
      enrolScript: enrolScript(
        `echo ${ENROL_MARKER} $(cat /run/paddock/bound-*) $(cut -d' ' -f2 /etc/ssh/ssh_host_ed25519_key.pub)`,
      ),
    });
  }, 300_000);

  afterAll(async () => {
    c?.close();
    await bmc?.stop();
    await g?.destroy();
    if (Object.keys(readyMs).length > 0) {
      const line = `node image power-on to ready (TCG): ${Object.entries(readyMs)
        .map(([nic, ms]) => `${nic} ${(ms / 1000).toFixed(1)} s`)
        .join(', ')}`;
      console.log(line);
      mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
      writeFileSync(join(REPO_ROOT, 'test-results', 'node-image-boot.txt'), `${line}\n`);
    }
  });

  // Different CPU counts and disks, so the reports cannot pass by matching a constant. A UEFI
  // machine boots through OVMF and the NIC ROM's iPXE (or, if that fails, the firmware's PXE and
  // ipxe.efi). The two UEFI machines boot at the same time: under TCG a machine keeps one core
  // busy, and the tests run one file at a time, so the second core would sit idle.
  const cases = [
    { firmware: 'bios', nic: 'virtio-net-pci', cpus: 1, diskMb: 0, driver: 'virtio_net', bmc: true },
    { firmware: 'bios', nic: 'e1000', cpus: 2, diskMb: 1024, driver: 'e1000', bmc: false },
    { firmware: 'uefi', nic: 'virtio-net-pci', cpus: 2, diskMb: 0, driver: 'virtio_net', bmc: false },
    { firmware: 'uefi', nic: 'e1000', cpus: 1, diskMb: 512, driver: 'e1000', bmc: false },
  ] as const;

  /**
   * A machine behind a BMC: ipmi_sim in its own lab host on the lab network; on power on its
   * chassis hook starts, in the foreground, the QEMU command line the qemu provider would use
   * (TAP on the lab bridge), and on power off it stops it. The inventory knows only the BMC.
   */
  async function createBmcMachine(name: string, options: Record<string, string>): Promise<Node> {
    const host = await g.lab.host('bmc');
    const address = `${g.net}.5`;
    await g.lab.link(host, g.bridge, { ifname: 'eth0', addresses: [`${address}/24`], mac: '02:00:00:00:00:05' });
    const mac = '52:54:00:0b:3c:01';
    const dir = join(g.dir, 'bmc-machine');
    mkdirSync(dir, { recursive: true });
    const tap = 'pdvbmc0';
    const qemu = parseQemuOptions(options, { netns: g.bridge.netns, bridge: g.bridge.name, accel: 'tcg' });
    const args = qemuArgs({ name, dir, mac, tap, options: qemu, ovmfCode: '' }).filter((a) => a !== '-daemonize');
    const ns = g.bridge.netns;
    const script = join(dir, 'machine.sh');
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        `ip -n ${ns} link del dev ${tap} 2>/dev/null`,
        `ip -n ${ns} tuntap add dev ${tap} mode tap && ip -n ${ns} link set dev ${tap} master ${g.bridge.name} up || exit 1`,
        `exec ip netns exec ${ns} qemu-system-x86_64 ${args.map((a) => `'${a}'`).join(' ')}`,
        '',
      ].join('\n'),
    );
    chmodSync(script, 0o755);
    bmc = await IpmiSim.start({ host, address, startCmd: script });
    const { node } = await c.inventory.createNode({
      name,
      labels: { demo: 'true' },
      macs: [mac],
      provider: {
        name: 'bmc',
        options: { address, protocol: 'ipmi', username: bmc.username, password: bmc.password },
      },
      bootRule: RULE_NAME,
      description: 'a diskless machine powered through its BMC',
      architecture: '',
      firmware: 0,
    });
    return node!;
  }

  for (const { firmware, nic, ...g0 } of cases) {
    const name = firmware === 'bios' ? `vm-${nic}` : `vm-${firmware}-${nic}`;
    const through = g0.bmc ? ', powered through its BMC (IPMI)' : '';
    const test = firmware === 'uefi' ? it.concurrent : it;
    test(`boots a ${firmware} machine with a ${nic} NIC${through} to ready, reports its hardware, and answers SSH with the image's tools`, async () => {
      const options = {
        nic,
        firmware,
        cpus: String(g0.cpus),
        ...(g0.diskMb > 0 && { disk_mb: String(g0.diskMb) }),
      };
      const machine = g0.bmc
        ? await createBmcMachine(name, { ...options, memory_mb: '512' })
        : await createMachine(c.inventory, name, options);
      const started = Date.now();
      // Through a BMC, "boot from the network once and power on" is one action.
      const on = g0.bmc
        ? (await c.inventory.powerNode({ node: machine.id, action: PowerAction.POWER_ACTION_PXE })).node!
        : await powerOn(c.inventory, machine);
      if (g0.bmc) {
        expect(bmc?.boot()).toBe('pxe');
        expect((await bmc!.ipmitool(['chassis', 'power', 'status'])).stdout).toContain('Chassis Power is on');
      }
      const serial = g0.bmc
        ? vmPaths(join(g.dir, 'bmc-machine')).serial
        : join(g.dataDir, 'qemu', machine.id, 'serial.log');
      const ready: Node = await waitForNode(
        c.inventory,
        machine.id,
        on.revision,
        (n) => n.lifecycle?.state === LifecycleState.LIFECYCLE_STATE_READY,
        // Enrolment (openssl and curl under TCG) comes before ready now.
        firmware === 'uefi' ? 240_000 : 180_000,
      ).catch((err: Error) => {
        const log = existsSync(serial) ? readFileSync(serial, 'utf8') : '(no serial log)';
        throw new Error(`${err.message}\nserial console:\n${log}`);
      });
      readyMs[`${firmware} ${nic}`] = Date.now() - started;
      // The enrolment hook ran once the NIC had its address, with the SSH host key already made.
      const hook = new RegExp(`${ENROL_MARKER} eth0 ${g.net.replaceAll('.', '\\.')}\\.\\d+ (\\S+)`).exec(
        readFileSync(serial, 'utf8'),
      );
      expect(hook?.[1]).toMatch(/^AAAAC3NzaC1lZDI1NTE5/);
      expect(ready.firmware).toBe(firmware === 'bios' ? 1 : 2);
      // The node is ready once it enrolled; its facts come with the phone-home, about then. A
      // BMC's node learned "x86" from BIOS PXE's option 93; the phone-home's uname -m is exact.
      const reported = await waitForNode(
        c.inventory,
        machine.id,
        on.revision,
        (n) => n.hardware?.system !== undefined,
        60_000,
      );
      expect(reported.architecture).toBe('x86_64');
      const hw = reported.hardware;
      expect(hw?.system?.vendor).toBe('QEMU');
      expect(hw?.firmware?.kind).toBe(firmware);
      expect(hw?.cpu?.threads).toBe(g0.cpus);
      expect(hw?.memory?.installedBytes).toBe(512n * 1024n * 1024n);
      expect(Number(hw?.memory?.usableBytes)).toBeGreaterThan(400 * 1024 * 1024);
      expect(hw?.nics.map((n) => [n.mac, n.driver])).toEqual([[machine.nics[0]?.mac, g0.driver]]);
      // e1000 reports its emulated link speed; virtio-net reports none.
      expect(hw?.nics[0]?.speedMbps).toBe(nic === 'e1000' ? 1000 : 0);
      expect(hw?.disks.map((d) => [d.name, d.sizeBytes, d.serial])).toEqual(
        g0.diskMb > 0 ? [['vda', BigInt(g0.diskMb) * 1024n * 1024n, diskSerial(name)]] : [],
      );
      // What `paddock nodes hardware` prints is what the machine reported.
      const cli = await run(
        [process.execPath, CLI_BIN, 'nodes', 'hardware', name, '--data-dir', g.dataDir, '--server', g.grpcAddress],
        { timeoutMs: 60_000 },
      );
      expect(cli.stderr).toBe('');
      expect(cli.stdout).toMatch(new RegExp(`nic eth0:\\s+${machine.nics[0]?.mac} ${g0.driver} `));
      expect(cli.stdout).toMatch(new RegExp(`cpu:\\s+.*: ${g0.cpus} threads`));
      const picked = async (selector: string) =>
        (await c.inventory.listNodes({ labelSelector: selector, states: [] })).nodes.map((n) => n.name);
      expect(await picked(`cpu.threads>${g0.cpus}`)).not.toContain(name);
      expect(await picked(`cpu.threads=${g0.cpus},memory.mib>=512,disk.count=${g0.diskMb > 0 ? 1 : 0}`)).toContain(
        name,
      );
      const ip = ready.addresses.find((a) => a.source === 1)?.ip;
      expect(ip).toMatch(new RegExp(`^${g.net.replaceAll('.', '\\.')}\\.1[0-5]\\d$`));
      // SSH trusts the site's host CA alone: the machine's sshd must present the host certificate
      // it enrolled for (on the key the hook saw), and accept a user certificate from the site's
      // user CA for a key the image was not built with, as the deployers log in.
      const knownHosts = join(g.dir, `known_hosts-${firmware}-${nic}`);
      writeFileSync(knownHosts, `@cert-authority ${ip} ${authorities.sshHostCaKey}\n`);
      const ssh = await sshAs(certKey, knownHosts, ip!, [
        'wg --version; wireguard-go --version; /usr/bin/ip -V; curl --version | head -1; openssl version',
        'readlink /sys/class/net/eth0/device/driver; cut -d" " -f2 /etc/ssh/ssh_host_ed25519_key.pub',
      ]);
      expect(ssh.stdout, ssh.stderr).toContain(hook?.[1]);
      // The key baked into the image still logs in too.
      expect((await sshAs(key, knownHosts, ip!, ['echo image-key-ok'])).stdout).toContain('image-key-ok');
      expect(ssh.stderr).not.toMatch(/denied|refused|timed out/i);
      expect(ssh.stdout).toMatch(/wireguard-tools v1\./);
      expect(ssh.stdout).toMatch(/wireguard-go v/);
      expect(ssh.stdout).toMatch(/iproute2/);
      expect(ssh.stdout).toMatch(/^curl 7\./m);
      expect(ssh.stdout).toMatch(/^OpenSSL 3\./m);
      expect(ssh.stdout).toMatch(nic === 'e1000' ? /drivers\/e1000$/m : /drivers\/virtio_net$/m);
      if (g0.bmc) await cycleAndOff(machine);
    }, 300_000);
  }

  /** Cycle and off through the BMC: QEMU restarts, then stops; ipmitool and Paddock agree. */
  async function cycleAndOff(machine: Node): Promise<void> {
    const sim = bmc!;
    const first = sim.machinePid();
    expect(first).toBeDefined();
    const cycled = await c.inventory.powerNode({ node: machine.id, action: PowerAction.POWER_ACTION_REBOOT });
    // ipmi_sim carries a cycle out as off, then on a moment later: the new QEMU is the witness.
    expect(cycled.node?.power?.desired).toBe(PowerState.POWER_STATE_ON);
    await until(() => {
      const pid = sim.machinePid();
      return pid !== undefined && pid !== first;
    }, 30_000);
    expect((await sim.ipmitool(['chassis', 'power', 'status'])).stdout).toContain('Chassis Power is on');
    const off = await c.inventory.powerNode({ node: machine.id, action: PowerAction.POWER_ACTION_OFF });
    expect(off.node?.power).toMatchObject({
      desired: PowerState.POWER_STATE_OFF,
      observed: PowerState.POWER_STATE_OFF,
    });
    await until(() => sim.machinePid() === undefined, 30_000);
    expect((await sim.ipmitool(['chassis', 'power', 'status'])).stdout).toContain('Chassis Power is off');
  }
});

async function until(ok: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !ok(); ) {
    if (Date.now() > end) throw new Error(`not so after ${ms} ms: ${ok}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
