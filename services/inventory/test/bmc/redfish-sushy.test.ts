import { join } from 'node:path';
import { run } from '@paddock/lab';
import { afterEach, describe, expect, it } from 'vitest';
import { RedfishServer } from './redfish-server.ts';

// The Redfish double is itself checked by a client nobody here wrote: OpenStack's sushy
// (python3-sushy from Debian) lists the systems, resets, sets a one-time PXE boot and follows
// a task monitor on it, exactly as it would against a BMC.

const script = join(import.meta.dirname, 'sushy-check.py');
let server: RedfishServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function sushy(s: RedfishServer, mode: 'sync' | 'async') {
  const r = await run(['/usr/bin/python3', script, s.url, s.username, s.password, mode], { timeoutMs: 30_000 });
  expect(r.stderr.split('\n').filter((l) => l.includes('Traceback'))).toEqual([]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('python3-sushy against the Redfish double', () => {
  it('resets, sets a one-time PXE boot and is refused a wrong password', async () => {
    server = await RedfishServer.start();
    const out = await sushy(server, 'sync');
    expect(out).toMatchObject({
      members: ['/redfish/v1/Systems/437XR1138R2'],
      power_before: 'Off',
      power_after: 'On',
      boot: ['Pxe', 'Once'],
      power_final: 'On',
      wrong_password: 'AccessError 401',
    });
    expect(out['allowed_resets']).toContain('PowerCycle');
    expect(out['bogus']).toMatch(/refused by sushy/);
    expect(server.state.resets).toEqual(['On']);
  });

  it('follows the task monitor of an asynchronous reset to its end', async () => {
    server = await RedfishServer.start({ asyncPolls: 2 });
    server.state.power = 'On';
    const out = await sushy(server, 'async');
    expect(out).toMatchObject({ async_status: 202, task_final_status: 204, power_final: 'Off' });
    expect(server.requests.filter((r) => r.endsWith('/Monitor'))).toHaveLength(3);
  });
});
