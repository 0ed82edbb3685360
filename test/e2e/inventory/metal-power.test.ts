/**
 * The metal provider against real peers in a lab: power-on is a Wake-on-LAN magic packet sent
 * by the scanner (seen by tcpdump on the machine's host), power-off a POST to the machine's
 * agent (busybox httpd running the same CGI the booted image carries).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { status } from '@grpc/grpc-js';
import { type Host, type LabProcess, labSkipReason } from '@paddock/lab';
import { PowerAction } from '@paddock/proto/inventory/v1/inventory.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GoldenLab, startGoldenLab } from './golden-lab.ts';

const MAC = '02:00:00:00:00:50';

describe.skipIf(labSkipReason())('metal power through the scanner and the agent', () => {
  let g: GoldenLab;
  let c: ReturnType<GoldenLab['clients']>;
  let machine: Host;
  let agent: LabProcess;
  const www = () => join(g.dir, 'agent-www');

  beforeAll(async () => {
    g = await startGoldenLab('metal', 96);
    c = g.clients();
    machine = await g.lab.host('machine');
    await g.lab.link(machine, g.bridge, { ifname: 'eth0', addresses: [`${g.net}.50/24`], mac: MAC });
    mkdirSync(join(www(), 'cgi-bin'), { recursive: true });
    // The agent's poweroff, as in the machine image, but leaving a mark instead of stopping a kernel.
    writeFileSync(
      join(www(), 'cgi-bin', 'poweroff'),
      `#!/bin/sh\necho "Content-Type: text/plain"\necho\necho ok\ntouch ${join(g.dir, 'powered-off')}\n`,
      { mode: 0o755 },
    );
    agent = machine.spawn(['busybox', 'httpd', '-f', '-vv', '-p', `${g.net}.50:9100`, '-h', www()]);
  }, 120_000);

  afterAll(async () => {
    c?.close();
    await g?.destroy();
  });

  it('wakes a metal machine with a magic packet through the scanner', async () => {
    await c.inventory.createNode({
      name: 'rack1-n50',
      labels: {},
      macs: [MAC],
      provider: { name: 'metal', options: { agent_url: `http://${g.net}.50:9100/cgi-bin` } },
      bootRule: '',
      description: '',
      architecture: '',
      firmware: 0,
    });
    const capture = machine.spawn(['tcpdump', '-i', 'eth0', '-n', '-l', '-c', '1', '-e', '-x', 'ether proto 0x0842']);
    await capture.waitForOutput(/listening on/, 10_000);
    const { node } = await c.inventory.powerNode({ node: 'rack1-n50', action: PowerAction.POWER_ACTION_ON });
    expect(node?.power?.desired).toBe(1);
    // Wake-on-LAN: six 0xff bytes, then the MAC sixteen times (AMD's Magic Packet).
    await capture.waitForOutput(/ethertype Unknown \(0x0842\)/, 15_000);
    await capture.exited;
    const out = capture.output();
    const hex = [...out.matchAll(/0x[0-9a-f]{4}:\s+((?:[0-9a-f]{4}\s?)+)/g)]
      .map((m) => m[1]!.replace(/\s/g, ''))
      .join('');
    expect(hex.startsWith(`ffffffffffff${'020000000050'.repeat(16)}`)).toBe(true);
  }, 60_000);

  it('powers it off through its agent', async () => {
    const { node } = await c.inventory.powerNode({ node: 'rack1-n50', action: PowerAction.POWER_ACTION_OFF });
    expect(node?.power?.desired).toBe(2);
    for (let i = 0; i < 50 && !existsSync(join(g.dir, 'powered-off')); i++) await sleep(100);
    expect(existsSync(join(g.dir, 'powered-off')), agent.output()).toBe(true);
  }, 30_000);

  it('answers an unreachable agent with a clear error, changing nothing', async () => {
    await c.inventory.createNode({
      name: 'rack1-n51',
      labels: {},
      macs: ['02:00:00:00:00:51'],
      provider: { name: 'metal', options: { agent_url: `http://${g.net}.51:9100/cgi-bin` } },
      bootRule: '',
      description: '',
      architecture: '',
      firmware: 0,
    });
    const err = await c.inventory.powerNode({ node: 'rack1-n51', action: PowerAction.POWER_ACTION_OFF }).then(
      () => undefined,
      (e: { code: number; details: string }) => e,
    );
    expect(err?.code).toBe(status.FAILED_PRECONDITION);
    expect(err?.details).toMatch(
      /^node rack1-n51: its agent at http:\/\/10\.96\.0\.51:9100\/cgi-bin\/poweroff did not answer/,
    );
    expect((await c.inventory.getNode({ node: 'rack1-n51' })).node?.power?.desired).toBe(0);
  }, 30_000);
});
