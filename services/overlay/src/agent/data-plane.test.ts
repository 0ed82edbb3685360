import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KEYS, member, sampleState } from '../model/fixtures.ts';
import type { Member } from '../model/types.ts';
import { validateState } from '../model/validate.ts';
import { DataPlane } from './data-plane.ts';
import type { Desired } from './desired.ts';
import { FakeKernel } from './fake-kernel.ts';
import type { Relay } from './kernel-relay.ts';

const dir = mkdtempSync(join(tmpdir(), 'paddock-overlay-plane-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setUp() {
  const keyFile = join(dir, 'wg.key');
  writeFileSync(keyFile, 'priv=\n');
  let members: Member[] = [member(1), member(2), member(3)];
  const stateOf = () => ({ ...sampleState(members), privateKeyFile: keyFile });
  const v = validateState(stateOf());
  if (!v.ok) throw new Error(v.errors.join());
  const kernel = new FakeKernel(v.networks[0]!, 'priv=');
  // No relayed pairs here: the relay is never asked to forward anything.
  const relay: Relay = { set: async () => {}, close: () => {} };
  const lines: Record<string, unknown>[] = [];
  const plane = new DataPlane({
    network: 'lab',
    ifs: v.networks[0]!.ifs,
    shell: kernel.shell(),
    relay,
    desired: (): Desired => ({ state: stateOf(), forwards: [], probe: new Map() }),
    stillMember: (key) => members.some((m) => m.publicKey === key),
    synced: () => true,
    probe: () => {},
    log: (l) => lines.push(l),
  });
  const remove = (name: string) => {
    members = members.filter((m) => m.name !== name);
    plane.changed();
  };
  return { kernel, plane, remove, lines, close: () => relay.close() };
}

describe('overlay agent data plane', () => {
  it('never programs a member again once the quick path removed it, even mid-pass', async () => {
    const { kernel, plane, remove, close } = setUp();
    const n3 = { key: KEYS[2], tunnel: '10.98.0.3', ip: '10.99.0.3' };
    let removedAt = -1;
    let commandAt = -1;
    kernel.beforeRun = (argv) => {
      // n3 leaves while the first full pass, which read the devices with n3 wanted, is programming peers.
      if (removedAt < 0 && argv.join(' ').startsWith(`wg set wg-lab peer ${KEYS[1]}`)) {
        removedAt = kernel.log.length;
        commandAt = kernel.commands.length;
        remove('n3');
      }
    };
    plane.changed();
    await plane.idle();
    close();

    const after = kernel.log.slice(removedAt);
    const taken = after.indexOf(`wg set wg-lab peer ${n3.key} remove`);
    expect(taken, kernel.log.join('\n')).toBeGreaterThanOrEqual(0);
    // The pass running at the removal stops at its next command: the removal waits for that one at most.
    const removal = kernel.commands.findIndex(
      (c, i) => i >= commandAt && c.includes(`wg set wg-lab peer ${n3.key} remove`),
    );
    expect(removal - commandAt, kernel.log.join('\n')).toBeLessThanOrEqual(1);
    const putBack = after
      .slice(taken)
      .filter(
        (l) =>
          l.includes(`peer ${n3.key} endpoint`) ||
          (l.startsWith('bridge fdb append') && l.endsWith(`dst ${n3.tunnel}`)) ||
          l.startsWith(`ip neigh replace ${n3.ip} `),
      );
    expect(putBack, kernel.log.join('\n')).toEqual([]);
    expect([...kernel.peers.keys()]).toEqual([KEYS[1]]);
    expect([...kernel.fdb].every((e) => e.endsWith(' 10.98.0.2'))).toBe(true);
    expect([...kernel.neighbours.keys()]).toEqual(['10.99.0.2']);
  });

  it('converges after a pass was cut short, and a repair with nothing to do runs no command', async () => {
    const { kernel, plane, remove, lines, close } = setUp();
    let removed = false;
    kernel.beforeRun = (argv) => {
      // n2 leaves while the pass programs WireGuard peers (n2 among them, in the same command).
      if (argv.join(' ').startsWith('wg set wg-lab peer') && !removed) {
        removed = true;
        remove('n2');
      }
    };
    plane.changed();
    await plane.idle();
    expect(lines.some((l) => l.event === 'pass' && l.stopped === true)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ event: 'pass', converged: true });
    const before = kernel.log.length;
    plane.repair();
    await plane.idle();
    close();
    expect(kernel.log.length).toBe(before);
    expect(lines.at(-1)).toMatchObject({ event: 'pass', converged: true, done: [] });
    expect([...kernel.peers.keys()]).toEqual([KEYS[2]]);
  });
});
