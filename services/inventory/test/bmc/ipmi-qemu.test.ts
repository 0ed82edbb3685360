import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chassisControl, getChassisStatus, parseChassisStatus } from '../../src/power/bmc/ipmi/chassis.ts';
import { IpmiClient } from '../../src/power/bmc/ipmi/ipmi-client.ts';
import { IpmiSim } from './ipmi-sim.ts';

// ipmi_sim as the BMC of a QEMU machine: its chassis hook starts QEMU on power on and stops it
// on power off, so Paddock's IPMI commands are seen by a real (if halted: -S) virtual machine.

let sim: IpmiSim;
beforeAll(async () => {
  sim = await IpmiSim.start({
    startCmd: 'qemu-system-x86_64 -S -display none -nodefaults -machine pc -m 64 -name paddock-bmc-test',
  });
});
afterAll(async () => {
  await sim?.stop();
});

async function until(ok: () => boolean, ms = 30_000): Promise<void> {
  for (const end = Date.now() + ms; !ok(); ) {
    if (Date.now() > end) throw new Error(`not so after ${ms} ms: ${ok}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function cmdline(pid: number | undefined): string {
  if (pid === undefined) return '';
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

describe('a QEMU machine behind ipmi_sim', () => {
  it('starts on power on and stops on power off', { timeout: 90_000 }, async () => {
    const c = await IpmiClient.connect(
      { host: '127.0.0.1', port: sim.port, username: sim.username, password: sim.password, cipherSuite: 3 },
      // Generous: QEMU starting on a loaded machine can hold the hook (and so the answer) up.
      { timeoutMs: 2000, attempts: 3 },
    );
    try {
      await c.send(chassisControl('on'));
      // The hook's `$!` names the forked shell child until it has exec'd QEMU: wait for the exec.
      await until(() => cmdline(sim.machinePid()).includes('qemu-system-x86_64'));
      expect(parseChassisStatus(await c.send(getChassisStatus()))).toMatchObject({ powerOn: true });
      await c.send(chassisControl('off'));
      await until(() => sim.machinePid() === undefined);
      expect(parseChassisStatus(await c.send(getChassisStatus()))).toMatchObject({ powerOn: false });
    } finally {
      await c.close();
    }
  });
});
