import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testRecord } from '../store/store-contract.ts';
import { firstHead, restoreRuns } from './stored-runs.ts';

describe('deployments taken back by a restarted server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stored-runs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows one the server died under as interrupted, with its hosts cut short and their logs', () => {
    const logDir = join(dir, 'logs');
    mkdirSync(logDir);
    writeFileSync(join(logDir, 'a.log'), 'one\ntwo\n');
    const running = { ...testRecord('d1'), logDir };
    const ended = testRecord('d2');
    ended.view = { ...ended.view, state: 'succeeded', finishedAt: 5 };
    ended.tails = { a: ['kept'] };
    const { runs, changed } = restoreRuns([running, ended], 1000);
    expect(changed.map((r) => r.view.id)).toEqual(['d1']);
    const d1 = runs[0]!.view;
    expect(d1.state).toBe('interrupted');
    expect(d1.finishedAt).toBe(1000);
    expect(d1.error).toMatch(/^interrupted: the server stopped while it ran; the next run of overlay resumes/);
    expect(d1.hosts.map((h) => [h.name, h.state, h.error])).toEqual([
      ['a', 'failed', 'interrupted'],
      ['b', 'pending', ''],
    ]);
    expect(runs[0]!.tails).toEqual({ a: ['one', 'two'], b: [] });
    // An ended one is as it was stored.
    expect(runs[1]).toMatchObject({ view: { state: 'succeeded' }, tails: { a: ['kept'] } });
  });

  it('starts revisions after every stored one, and not before the clock', () => {
    expect(firstHead([], 500)).toBe(500n);
    expect(firstHead([{ ...testRecord('d'), revision: 400n }], 500)).toBe(500n);
    expect(firstHead([{ ...testRecord('d'), revision: 900n }], 500)).toBe(901n);
  });
});
