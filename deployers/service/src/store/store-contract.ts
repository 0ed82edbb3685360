import { expect, it } from 'vitest';
import { applyEvent, newDeployment } from '../model/deployment.ts';
import { resolveOptions } from '../request/deploy-options.ts';
import type { DeploymentRecord } from './deployment-record.ts';
import type { DeploymentStore } from './deployment-store.ts';

/** A deployment half way through its first step on one of two hosts. */
export function testRecord(id: string, owner = 'here:/data', createdAt = 1): DeploymentRecord {
  let view = newDeployment(
    id,
    'overlay',
    [
      { name: 'a', address: '10.0.0.1' },
      { name: 'b', address: '10.0.0.2' },
    ],
    resolveOptions({ limit: 3 }),
    createdAt,
  );
  view = applyEvent(view, { kind: 'stage', stage: 'keys', hosts: ['a', 'b'] }, createdAt);
  view = applyEvent(
    view,
    { kind: 'step', stage: 'keys', host: 'a', step: 'k', title: 'key', status: 'changed', index: 1, total: 2 },
    createdAt,
  );
  return {
    view,
    progressName: 'overlay-paddock',
    logDir: '/data/deploy/overlay-paddock/logs',
    revision: 17n,
    owner,
    tails: {},
  };
}

/** The behaviour every DeploymentStore must have; each store's test file runs it. */
export function deploymentStoreContract(make: () => Promise<DeploymentStore> | DeploymentStore): void {
  it("gives back this owner's deployments whole, oldest first, the latest write of each", async () => {
    const s = await make();
    await s.save(testRecord('d2', 'here:/data', 20));
    await s.save(testRecord('d1', 'here:/data', 10));
    await s.save(testRecord('x', 'there:/data', 5));
    const ended = testRecord('d2', 'here:/data', 20);
    ended.view = { ...ended.view, state: 'succeeded', finishedAt: 30 };
    ended.tails = { a: ['line 1', 'line 2'], b: [] };
    ended.revision = 99n;
    await s.save(ended);
    const { records, damaged } = await s.load('here:/data');
    expect(damaged).toEqual([]);
    expect(records.map((r) => [r.view.id, r.view.state, r.revision])).toEqual([
      ['d1', 'running', 17n],
      ['d2', 'succeeded', 99n],
    ]);
    expect(records[1]).toEqual(ended);
    // A step array with a hole (step 0 never reported) survives as one.
    expect(records[0]!.view.hosts[0]!.steps[1]).toMatchObject({ id: 'k', status: 'changed' });
    expect(records[0]!.view.hosts[0]!.steps[0]).toBeUndefined();
    expect(records[0]!.view.options.limit).toBe(3);
    // Without an owner: every server's, as `paddock store copy` moves them.
    expect((await s.load()).records.map((r) => [r.view.id, r.owner])).toEqual([
      ['x', 'there:/data'],
      ['d1', 'here:/data'],
      ['d2', 'here:/data'],
    ]);
  });

  it('forgets a removed deployment', async () => {
    const s = await make();
    await s.save(testRecord('d1'));
    await s.save(testRecord('d2'));
    await s.remove('d1');
    await s.remove('never');
    expect((await s.load('here:/data')).records.map((r) => r.view.id)).toEqual(['d2']);
  });
}
