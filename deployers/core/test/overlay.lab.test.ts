import { labSkipReason } from '@paddock/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computePlan, formatPlan, overlaySteps, runDeployment } from '../src/index.ts';

import { LAB_OVERLAY, SshLab } from './ssh-lab.ts';

const skip = labSkipReason();
const AGENT = new URL('../../../services/overlay/src/agent/main.ts', import.meta.url).pathname;

describe.skipIf(skip)('paddock deploy overlay, on lab hosts over SSH', () => {
  let l: SshLab;
  beforeAll(async () => {
    l = await SshLab.create('deploy-ovl', ['n1', 'n2', 'n3']);
  }, 60_000);
  afterAll(async () => {
    await l?.destroy();
  });

  it('plans, joins three hosts (each pings the others over the overlay), and a second run changes nothing', async () => {
    const set = overlaySteps({
      network: LAB_OVERLAY,
      targets: l.targets(),
      agentCommand: `${process.execPath} ${AGENT}`,
      interval: 2,
    });
    const t = await l.transport();
    try {
      const plan = formatPlan(await computePlan(set, t)).join('\n');
      expect(plan).toMatch(/n1 \[overlay-keys\]: 1 change\(s\)\n\s+\+ WireGuard key: no key yet/);
      expect(plan).toMatch(/n3 \[overlay-join\]: 2 change\(s\)/);
      expect(l.file('n1', '/etc/paddock/overlay/lab/wireguard.key')).toBeUndefined(); // a plan changes nothing

      const first = await runDeployment(set, t, { limit: 3 });
      expect(first.failures).toEqual([]);
      // Per host: the agent was already installed; key, state and agent change; the peers step
      // changes unless the other agents have already converged by the time it checks.
      expect(first).toMatchObject({ ok: true });
      expect(first.changed + first.unchanged).toBe(3 * 5);
      expect(first.changed).toBeGreaterThanOrEqual(3 * 3);
      expect(first.unchanged).toBeGreaterThanOrEqual(3);
      const keys = ['n1', 'n2', 'n3'].map((h) => l.file(h, '/etc/paddock/overlay/lab/wireguard.key'));
      expect(new Set(keys).size).toBe(3);
      const state = JSON.parse(l.file('n2', '/etc/paddock/overlay/lab/state.json')!);
      expect(state.networks[0].members.map((m: { address: string }) => m.address)).toEqual([
        '10.99.0.1/24',
        '10.99.0.2/24',
        '10.99.0.3/24',
      ]);
      const ping = await l.get('n3').host.exec(['ping', '-c1', '-W2', '10.99.0.1']);
      expect(ping.code).toBe(0);

      const again = overlaySteps({
        network: LAB_OVERLAY,
        targets: l.targets(),
        agentCommand: `${process.execPath} ${AGENT}`,
        interval: 2,
      });
      const second = await runDeployment(again, t);
      expect(second).toMatchObject({ ok: true, changed: 0 });
      const plan2 = await computePlan(again, t);
      expect(plan2.changes).toBe(0);
      expect(formatPlan(plan2).filter((line) => line.includes('nothing to change'))).toHaveLength(9);
    } finally {
      await t.close();
    }
  }, 120_000);
});
