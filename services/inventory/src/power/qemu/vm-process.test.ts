import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runningPid, signalVm, waitGone } from './vm-process.ts';

describe('a machine process found by its pid file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vm-process-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is recognised only when its command line names the machine directory', async () => {
    const idle = ['-e', 'setTimeout(() => {}, 30000)'];
    const mine = spawn(process.execPath, [...idle, `${dir}/marker`], { stdio: 'ignore' });
    const other = spawn(process.execPath, idle, { stdio: 'ignore' });
    try {
      const pidFile = join(dir, 'qemu.pid');
      writeFileSync(pidFile, `${mine.pid}\n`);
      expect(runningPid(pidFile, dir)).toBe(mine.pid);
      // A reused pid (another program) is never taken for the machine, so never killed.
      writeFileSync(pidFile, `${other.pid}\n`);
      expect(runningPid(pidFile, dir)).toBeUndefined();
      signalVm(pidFile, dir, 'SIGKILL');
      expect(other.exitCode).toBeNull();
      writeFileSync(pidFile, `${mine.pid}\n`);
      signalVm(pidFile, dir, 'SIGKILL');
      expect(await waitGone(pidFile, dir, 2000)).toBe(true);
      expect(runningPid(join(dir, 'missing.pid'), dir)).toBeUndefined();
    } finally {
      mine.kill('SIGKILL');
      other.kill('SIGKILL');
    }
  });
});
