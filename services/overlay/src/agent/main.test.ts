import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { member, sampleState } from '../model/fixtures.ts';
import { runAgent } from './main.ts';

describe('overlay agent on bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paddock-overlay-agent-'));
  afterEach(() => vi.restoreAllMocks());

  async function agentOn(text: string): Promise<{ code: number; stderr: string }> {
    const file = join(dir, 'state.json');
    writeFileSync(file, text);
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
      stderr += String(s);
      return true;
    });
    const code = await runAgent({ state: file, once: true });
    return { code, stderr };
  }

  it('exits 2 with every problem named, touching nothing, for an invalid state', async () => {
    const s = sampleState([member(1), member(2, { publicKey: member(1).publicKey })]);
    s.networks[0]!.underlayMtu = 1300;
    const r = await agentOn(JSON.stringify(s));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid overlay state:/);
    expect(r.stderr).toMatch(/member n2 claims public key \S+, already held by member n1/);
    expect(r.stderr).toMatch(/underlay MTU 1300 leaves 1190 bytes/);
  });

  it('exits 2 on a file that is not JSON or names a missing key file', async () => {
    expect(await agentOn('{ nope')).toMatchObject({ code: 2, stderr: expect.stringMatching(/not JSON/) });
    const missingKey = { ...sampleState(), privateKeyFile: join(dir, 'absent.key') };
    expect(await agentOn(JSON.stringify(missingKey))).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/privateKeyFile: ENOENT/),
    });
    rmSync(dir, { recursive: true, force: true });
  });
});
