import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RedfishClient, type RedfishTarget } from '../../src/power/bmc/redfish/redfish-client.ts';
import { RedfishServer, type RedfishServerOptions } from './redfish-server.ts';

let server: RedfishServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const timing = { requestTimeoutMs: 1000, taskTimeoutMs: 5000 };
async function client(o: RedfishServerOptions = {}, over: Partial<RedfishTarget> = {}) {
  server = await RedfishServer.start(o);
  const t = { url: server.url, username: server.username, password: server.password, verifyTls: true, ...over };
  return { s: server, c: new RedfishClient(t, timing), where: `BMC ${new URL(server.url).host}` };
}

describe('Redfish client against the DMTF-shaped double', () => {
  it('powers on, reads the state, cycles and powers off with the allowed reset types', async () => {
    const { s, c } = await client();
    expect(await c.powerState()).toBe('off');
    expect(await c.reset('on')).toBe('On');
    expect(await c.powerState()).toBe('on');
    expect(await c.reset('reboot')).toBe('PowerCycle');
    expect(await c.reset('off')).toBe('ForceOff');
    expect(s.state.resets).toEqual(['On', 'PowerCycle', 'ForceOff']);
    expect(await c.powerState()).toBe('off');
  });

  it('sets a one-time PXE or HTTP boot override', async () => {
    const { s, c } = await client();
    await c.bootOnce('Pxe');
    expect(s.state).toMatchObject({ bootTarget: 'Pxe', bootEnabled: 'Once' });
    await c.bootOnce('UefiHttp');
    expect(s.state.bootTarget).toBe('UefiHttp');
  });

  it('waits for an asynchronous reset through its task monitor', async () => {
    const { s, c } = await client({ asyncPolls: 3 });
    await c.reset('on');
    // Only the monitor's final answer applies the reset: returning earlier would show Off here.
    expect(s.state.power).toBe('On');
    expect(s.requests.filter((r) => r.endsWith('/Monitor'))).toHaveLength(4);
  });

  it('names a wrong password', async () => {
    const { c, where } = await client({}, { password: 'wrong' });
    await expect(c.powerState()).rejects.toThrow(`${where}: authentication failed (wrong user name or password)`);
  });

  it('names a missing Reset action and leaves an absent PowerState unknown', async () => {
    const { c, where } = await client({ omit: ['Actions'] });
    await expect(c.reset('on')).rejects.toThrow(
      `${where}: /redfish/v1/Systems/437XR1138R2 has no #ComputerSystem.Reset action (this service cannot power the system)`,
    );
    await server!.close();
    const second = await client({ omit: ['PowerState'] });
    expect(await second.c.powerState()).toBeUndefined();
  });

  it('says a service answering garbage is not Redfish', async () => {
    const { c, where } = await client({ garbage: '<html>login</html>' });
    await expect(c.powerState()).rejects.toThrow(
      `${where}: /redfish/v1/ is not a JSON object (is this a Redfish service?)`,
    );
  });

  it('gives up on a slow BMC after the request timeout', async () => {
    const { c, where } = await client({ delayMs: 3000 });
    const t = Date.now();
    await expect(c.powerState()).rejects.toThrow(`${where}: GET /redfish/v1/: no answer in 1.0 s`);
    expect(Date.now() - t).toBeLessThan(2500);
  });

  it('names an unreachable BMC', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const c = new RedfishClient(
      { url: `http://127.0.0.1:${port}`, username: 'u', password: 'p', verifyTls: true },
      timing,
    );
    await expect(c.powerState()).rejects.toThrow(
      `BMC 127.0.0.1:${port}: GET /redfish/v1/: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });
});
