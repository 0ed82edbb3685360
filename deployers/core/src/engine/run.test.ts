import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeployEvent } from './events.ts';
import { FakeHosts } from './fake-hosts.ts';
import { computePlan, formatPlan } from './plan.ts';
import { runDeployment } from './run.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'deploy-engine-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('deployment engine', () => {
  it('plans only what would change, applies it, and a second run changes nothing and says so', async () => {
    const f = new FakeHosts();
    const set = f.set([f.stage('s', ['a', 'b'], ['x', 'y'])]);
    f.facts.set('a', new Set(['s-x']));
    const plan = await computePlan(set, f);
    expect(plan.changes).toBe(3);
    expect(formatPlan(plan).join('\n')).toMatch(/a \[s\]: 1 change\(s\)\n\s+\+ ensure s-y: s-y missing/);
    expect(f.applied).toEqual([]);

    const first = await runDeployment(set, f);
    expect(first).toMatchObject({ ok: true, changed: 3, unchanged: 1 });
    const events: DeployEvent[] = [];
    const second = await runDeployment(set, f, { onEvent: (e) => events.push(e) });
    expect(second).toMatchObject({ ok: true, changed: 0, unchanged: 4 });
    expect(events.at(-1)).toMatchObject({ kind: 'done', ok: true, changed: 0 });
    expect(formatPlan(await computePlan(set, f)).join('\n')).toMatch(/a \[s\]: nothing to change/);
  });

  it('runs hosts in parallel up to the limit, and one at a time in a stage that asks for it', async () => {
    const f = new FakeHosts();
    const hosts = Array.from({ length: 8 }, (_, i) => `h${i}`);
    await runDeployment(f.set([f.stage('wide', hosts, ['x'])]), f, { limit: 3 });
    expect(f.maxInFlight).toBe(3);
    f.maxInFlight = 0;
    await runDeployment(f.set([f.stage('serial', hosts, ['x'], 1)]), f, { limit: 3 });
    expect(f.maxInFlight).toBe(1);
  });

  it('stops a host at its first failure, stops before the next stage, and resumes at the failed step', async () => {
    const dir = tmp();
    const f = new FakeHosts();
    const set = f.set([f.stage('one', ['a', 'b'], ['x', 'y', 'z']), f.stage('two', ['a', 'b'], ['w'])]);
    f.failing.add('b/one-y');
    const progressFile = join(dir, 'progress.json');
    const logDir = join(dir, 'logs');
    const r1 = await runDeployment(set, f, { progressFile, logDir });
    expect(r1.ok).toBe(false);
    expect(r1.failures).toEqual([{ stage: 'one', host: 'b', step: 'one-y', error: 'one-y failed' }]);
    expect(f.has('b', 'one-z')).toBe(false);
    expect(f.has('a', 'two-w')).toBe(false);
    expect(readdirSync(logDir).sort()).toEqual(['a.log', 'b.log']);
    expect(readFileSync(join(logDir, 'b.log'), 'utf8')).toMatch(/one-y: failed: one-y failed/);

    const plan = await computePlan(set, f, { saved: JSON.parse(readFileSync(progressFile, 'utf8')) });
    expect(formatPlan(plan).join('\n')).toMatch(
      /b \[one\]: 2 change\(s\), 1 done by the unfinished run\n\s+resumes at one-y \(last run: one-y failed\)/,
    );

    f.failing.clear();
    f.facts.get('a')?.delete('one-x'); // drift in a step the unfinished run did: resuming trusts the record
    const events: DeployEvent[] = [];
    const r2 = await runDeployment(set, f, { progressFile, onEvent: (e) => events.push(e) });
    expect(r2).toMatchObject({ ok: true, changed: 4 });
    const resumed = events
      .filter((e) => e.kind === 'step' && e.status === 'resumed')
      .map((e) => e.kind === 'step' && `${e.host}/${e.step}`);
    expect(resumed.sort()).toEqual(['a/one-x', 'a/one-y', 'a/one-z', 'b/one-x']);
    // A finished run is not resumed: the next one checks everything again and repairs the drift.
    const r3 = await runDeployment(set, f, { progressFile });
    expect(r3).toMatchObject({ ok: true, changed: 1 });
    expect(f.has('a', 'one-x')).toBe(true);
  });

  it('an unreachable host fails with its error; the others finish their stage', async () => {
    const f = new FakeHosts();
    f.down.add('b');
    const r = await runDeployment(f.set([f.stage('s', ['a', 'b', 'c'], ['x'])]), f);
    expect(r.failures).toEqual([{ stage: 's', host: 'b', step: 's-x', error: 'unreachable: connection refused' }]);
    expect(f.has('a', 's-x') && f.has('c', 's-x')).toBe(true);
    const plan = await computePlan(f.set([f.stage('s', ['a', 'b'], ['x'])]), f);
    expect(formatPlan(plan).join('\n')).toMatch(/b \[s\]: cannot check: ensure s-x: unreachable/);
  });

  it('an interrupted run records the interrupted hosts and starts nothing new', async () => {
    const f = new FakeHosts();
    const ac = new AbortController();
    const set = f.set([f.stage('s', ['a', 'b', 'c', 'd'], ['x', 'y'])]);
    const r = await runDeployment(set, f, {
      limit: 2,
      signal: ac.signal,
      onEvent: (e) => e.kind === 'step' && e.status === 'changed' && ac.abort(),
    });
    expect(r).toMatchObject({ ok: false, interrupted: true });
    expect(r.failures.every((x) => x.error.startsWith('interrupted'))).toBe(true);
    expect(f.has('c', 's-x') || f.has('d', 's-x')).toBe(false);
  });

  it('an apply that does not make its check pass fails the step', async () => {
    const f = new FakeHosts();
    const step = { ...f.step('x'), apply: async () => {} };
    const r = await runDeployment(
      { name: 't', stages: [{ name: 's', hosts: [{ name: 'a', address: 'a' }], steps: () => [step] }] },
      f,
    );
    expect(r.failures[0]?.error).toBe('applied, but the check still finds: x missing');
  });
});
