import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chassisControl,
  getChassisStatus,
  parseChassisStatus,
  setBootPxeOnce,
} from '../../src/power/bmc/ipmi/chassis.ts';
import { IpmiClient, type IpmiTarget } from '../../src/power/bmc/ipmi/ipmi-client.ts';
import { IpmiSim } from './ipmi-sim.ts';

// Paddock's IPMI client against OpenIPMI's ipmi_sim on loopback, with ipmitool as the witness:
// what one does, the other must see.

let sim: IpmiSim;
const fast = { timeoutMs: 300, attempts: 2 };
const target = (over: Partial<IpmiTarget> = {}): IpmiTarget => ({
  host: '127.0.0.1',
  port: sim.port,
  username: sim.username,
  password: sim.password,
  cipherSuite: 3,
  ...over,
});

async function powered(over: Partial<IpmiTarget> = {}): Promise<boolean> {
  const c = await IpmiClient.connect(target(over), fast);
  try {
    const s = parseChassisStatus(await c.send(getChassisStatus()));
    if (typeof s === 'string') throw new Error(s);
    return s.powerOn;
  } finally {
    await c.close();
  }
}

beforeAll(async () => {
  sim = await IpmiSim.start();
});
afterAll(async () => {
  await sim?.stop();
});

describe('IPMI 2.0 (RMCP+, cipher suite 3) against ipmi_sim', () => {
  it('powers the chassis on and off, and ipmitool sees the same state', async () => {
    const c = await IpmiClient.connect(target(), fast);
    await c.send(chassisControl('on'));
    expect(sim.power()).toBe('1');
    expect((await sim.ipmitool(['chassis', 'power', 'status'])).stdout).toContain('Chassis Power is on');
    expect(await powered()).toBe(true);
    await c.send(chassisControl('off'));
    await c.close();
    expect(sim.power()).toBe('0');
    expect((await sim.ipmitool(['chassis', 'power', 'status'])).stdout).toContain('Chassis Power is off');
    expect(await powered()).toBe(false);
  });

  it('reads what ipmitool set', async () => {
    await sim.ipmitool(['chassis', 'power', 'on']);
    expect(await powered()).toBe(true);
    await sim.ipmitool(['chassis', 'power', 'off']);
    expect(await powered()).toBe(false);
  });

  it('asks for a PXE boot once', async () => {
    const c = await IpmiClient.connect(target(), fast);
    await c.send(setBootPxeOnce(false));
    await c.close();
    expect(sim.boot()).toBe('pxe');
    expect(sim.hookLog()).toContain('0x20 set boot pxe');
  });

  it('names a wrong password or user name', async () => {
    const msg = `BMC 127.0.0.1:${sim.port}: authentication failed (wrong user name or password)`;
    await expect(IpmiClient.connect(target({ password: 'wrong' }), fast)).rejects.toThrow(msg);
    await expect(IpmiClient.connect(target({ username: 'nobody' }), fast)).rejects.toThrow(msg);
    expect((await sim.ipmitool(['chassis', 'power', 'status'], 'wrong')).code).not.toBe(0);
  });

  it('refuses cipher suite 0 without sending anything', async () => {
    await expect(IpmiClient.connect(target({ cipherSuite: 0 }), fast)).rejects.toThrow(/cipher suite 0 .* refuses it/);
  });

  it('opens a new session when the BMC forgot the old one mid-action', async () => {
    const c = await IpmiClient.connect(target(), fast);
    await c.send(getChassisStatus());
    await sim.restart();
    await c.send(chassisControl('on'));
    await c.close();
    expect(sim.power()).toBe('1');
    await sim.ipmitool(['chassis', 'power', 'off']);
  });
});

describe('a BMC that does not answer properly', () => {
  it('gives up on an unreachable BMC with the reason', async () => {
    const port = sim.port + 1;
    const t = Date.now();
    await expect(IpmiClient.connect(target({ port }), fast)).rejects.toThrow(
      new RegExp(`BMC 127.0.0.1:${port}: opening a session: .* after 2 tries over 0.9 s`),
    );
    expect(Date.now() - t).toBeGreaterThanOrEqual(850);
  });

  it('counts garbage answers and times out instead of crashing', async () => {
    const garbage = createSocket('udp4');
    garbage.on('message', (_m, from) => {
      garbage.send(Uint8Array.of(6, 0, 0xff, 7, 6, 0x11, 1, 2, 3), from.port, from.address);
      garbage.send(new Uint8Array(40).fill(0xaa), from.port, from.address);
    });
    await new Promise<void>((r) => garbage.bind(0, '127.0.0.1', r));
    const port = garbage.address().port;
    await expect(IpmiClient.connect(target({ port }), fast)).rejects.toThrow(/4 unreadable answers after 2 tries/);
    garbage.close();
  });
});
