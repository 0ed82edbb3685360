import type { PowerAction, PowerState } from '../../model/node.ts';
import { BmcError } from './bmc-error.ts';
import type { BmcOptions } from './bmc-options.ts';
import { bmcAddress } from './bmc-options.ts';
import {
  type ChassisAction,
  chassisControl,
  getChassisStatus,
  parseChassisStatus,
  setBootPxeOnce,
} from './ipmi/chassis.ts';
import { IpmiClient } from './ipmi/ipmi-client.ts';
import type { Timing } from './ipmi/udp-shell.ts';
import { RedfishClient, type RedfishTiming } from './redfish/redfish-client.ts';

/** What the provider asks of a BMC, whichever protocol carries it. */
export interface BmcDriver {
  status(): Promise<PowerState>;
  power(action: PowerAction): Promise<void>;
  /** A one-time network boot, then on (or a cycle when already on): one user action. */
  pxe(efi: boolean): Promise<void>;
}

export interface DriverTiming {
  ipmi: Timing;
  redfish: RedfishTiming;
}

export function bmcDriver(o: BmcOptions, password: string, t: DriverTiming): BmcDriver {
  return o.protocol === 'ipmi' ? ipmiDriver(o, password, t.ipmi) : redfishDriver(o, password, t.redfish);
}

const IPMI_ACTION: Record<PowerAction, keyof typeof ChassisAction> = { on: 'on', off: 'off', reboot: 'cycle' };

function ipmiDriver(o: BmcOptions, password: string, timing: Timing): BmcDriver {
  const target = { host: o.host, port: o.port, username: o.username, password, cipherSuite: o.cipherSuite };
  const session = async <T>(fn: (c: IpmiClient) => Promise<T>): Promise<T> => {
    const c = await IpmiClient.connect(target, timing);
    try {
      return await fn(c);
    } finally {
      await c.close();
    }
  };
  const powered = async (c: IpmiClient) => {
    const s = parseChassisStatus(await c.send(getChassisStatus()));
    if (typeof s === 'string') throw new BmcError('protocol', bmcAddress(o), s);
    return s.powerOn;
  };
  return {
    status: () => session(async (c) => ((await powered(c)) ? 'on' : 'off')),
    power: (action) =>
      session(async (c) => {
        // IPMI 2.0 §28.3: a power cycle of a chassis that is off is refused (or ignored): turn it on.
        const a = action === 'reboot' && !(await powered(c)) ? 'on' : IPMI_ACTION[action];
        await c.send(chassisControl(a));
      }),
    pxe: (efi) =>
      session(async (c) => {
        await c.send(setBootPxeOnce(efi));
        await c.send(chassisControl((await powered(c)) ? 'cycle' : 'on'));
      }),
  };
}

function redfishDriver(o: BmcOptions, password: string, timing: RedfishTiming): BmcDriver {
  const client = new RedfishClient(
    {
      url: `${o.scheme}://${bmcAddress(o)}`,
      username: o.username,
      password,
      verifyTls: o.verifyTls,
      system: o.system || undefined,
    },
    timing,
  );
  return {
    async status() {
      return (await client.powerState()) ?? 'unknown';
    },
    async power(action) {
      const sys = await client.system();
      const a = action === 'reboot' && sys.powerState === 'Off' ? 'on' : action;
      await client.reset(a, sys);
    },
    async pxe() {
      const sys = await client.system();
      await client.bootOnce(o.boot === 'http' ? 'UefiHttp' : 'Pxe', sys);
      await client.reset(sys.powerState === 'Off' ? 'on' : 'reboot', sys);
    },
  };
}
