import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { currentOwner, isOwnerAlive, isRunning, parseStatStartTime } from './owner.ts';

describe('lab owner', () => {
  it('reads the start time after a command name with spaces and parentheses', () => {
    const stat = '4242 (we ird) (x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 777123 1000 200';
    expect(parseStatStartTime(stat)).toBe(777123);
    expect(parseStatStartTime('garbage')).toBeUndefined();
    expect(parseStatStartTime('1 (x) S 1 2')).toBeUndefined();
  });

  it('knows this process is alive and a reused pid is not', () => {
    const me = currentOwner();
    expect(me.pid).toBe(process.pid);
    expect(me.start).toBeGreaterThan(0);
    expect(isOwnerAlive(me)).toBe(true);
    expect(isOwnerAlive({ pid: me.pid, start: me.start + 1 })).toBe(false);
  });

  it('sees a process as dead once it exited', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await once(child, 'exit');
    expect(isOwnerAlive({ pid: child.pid!, start: 0 })).toBe(false);
    expect(isRunning(child.pid!)).toBe(false);
    expect(isRunning(process.pid)).toBe(true);
  });
});
