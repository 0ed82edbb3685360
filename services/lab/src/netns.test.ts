import { describe, expect, it } from 'vitest';
import { addNetns, deleteNetns, listNetns, netnsPids } from './netns.ts';
import { isRunning } from './owner.ts';
import { run } from './run.ts';
import { labSkipReason } from './skip.ts';

describe.skipIf(labSkipReason())('netns', () => {
  it('deletes a namespace together with what runs inside it', async () => {
    const name = `pdk-netns-test-${process.pid}`;
    await addNetns(name);
    try {
      expect(listNetns()).toContain(name);
      const bg = await run(['ip', 'netns', 'exec', name, 'sh', '-c', 'sleep 300 >/dev/null 2>&1 & echo $!']);
      const pid = Number(bg.stdout.trim());
      expect(await netnsPids(name)).toContain(pid);
      await deleteNetns(name);
      expect(listNetns()).not.toContain(name);
      expect(isRunning(pid)).toBe(false);
    } finally {
      await deleteNetns(name);
    }
  });
});
