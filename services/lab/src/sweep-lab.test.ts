import { describe, expect, it } from 'vitest';
import { Lab } from './lab.ts';
import { LabProcess } from './lab-process.ts';
import { listNetns } from './netns.ts';
import { isRunning } from './owner.ts';
import { labSkipReason } from './skip.ts';

const fixture = new URL('./fixtures/make-lab.ts', import.meta.url).pathname;

interface ChildLab {
  prefix: string;
  namespaces: string[];
  sleeper: number;
}

async function childLab(mode: 'hang' | 'exit', tag: string): Promise<{ child: LabProcess; made: ChildLab }> {
  const child = new LabProcess([process.execPath, fixture, mode, tag]);
  const line = await child.waitForOutput(/^\{.*\}$/m, 20_000);
  return { child, made: JSON.parse(line[0]) as ChildLab };
}

const left = (prefix: string) => listNetns().filter((ns) => ns.startsWith(`${prefix}.`));

describe.skipIf(labSkipReason())('lab cleanup across processes', () => {
  it('sweeps a lab whose owner was SIGKILLed, processes inside included', async () => {
    const { child, made } = await childLab('hang', 'sweep-kill');
    expect(left(made.prefix).sort()).toEqual([...made.namespaces].sort());
    expect(await child.kill('SIGKILL')).toBe(137);
    // SIGKILL runs no hook: the namespaces and the sleeper inside outlive the owner.
    expect(left(made.prefix)).toHaveLength(2);
    expect(isRunning(made.sleeper)).toBe(true);
    await Lab.sweep();
    expect(left(made.prefix)).toEqual([]);
    expect(isRunning(made.sleeper)).toBe(false);
  });

  it('never sweeps a live owner; its SIGTERM hook cleans up', async () => {
    const { child, made } = await childLab('hang', 'sweep-live');
    try {
      await Lab.sweep();
      const again = await Lab.create('sweep-live-other');
      await again.destroy();
      expect(left(made.prefix)).toHaveLength(2);
    } finally {
      expect(await child.kill('SIGTERM')).toBe(143);
    }
    expect(left(made.prefix)).toEqual([]);
    expect(isRunning(made.sleeper)).toBe(false);
  });

  it('cleans up on process.exit without destroy()', async () => {
    const { child, made } = await childLab('exit', 'sweep-exit');
    expect(await child.exited).toBe(0);
    expect(left(made.prefix)).toEqual([]);
    expect(isRunning(made.sleeper)).toBe(false);
  });
});
