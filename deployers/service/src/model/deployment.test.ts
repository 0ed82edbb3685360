import type { DeployEvent } from '@paddock/deployers';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../request/deploy-options.ts';
import { applyEvent, newDeployment } from './deployment.ts';

const targets = [
  { name: 'a', address: '10.0.0.1' },
  { name: 'b', address: '10.0.0.2' },
];
const step = (host: string, index: number, status: string, detail?: string): DeployEvent => ({
  kind: 'step',
  stage: 'files',
  host,
  step: `s${index}`,
  title: `step ${index}`,
  status: status as 'changed',
  index,
  total: 2,
  ...(detail ? { detail } : {}),
});

describe('a deployment as the engine events leave it', () => {
  const run = (events: DeployEvent[]) =>
    events.reduce((d, e) => applyEvent(d, e, 99), newDeployment('d1', 'demo', targets, resolveOptions(), 1));

  it('counts each host through its steps to the end', () => {
    const d = run([
      { kind: 'stage', stage: 'files', hosts: ['a', 'b'] },
      step('a', 0, 'checking'),
      step('a', 0, 'applying', 'missing'),
      step('a', 0, 'changed', 'missing'),
      step('b', 0, 'unchanged'),
    ]);
    expect(d.stage).toBe('files');
    expect(d.hosts.map((h) => [h.name, h.state, h.stepsDone, h.stepTotal, h.stepStatus])).toEqual([
      ['a', 'running', 1, 2, 'changed'],
      ['b', 'running', 1, 2, 'unchanged'],
    ]);
    const end = run([
      { kind: 'stage', stage: 'files', hosts: ['a', 'b'] },
      step('a', 0, 'changed'),
      step('a', 1, 'failed', 'exit 3'),
      { kind: 'host', stage: 'files', host: 'a', outcome: 'failed', changed: 1, unchanged: 0, error: 'step 1: exit 3' },
      { kind: 'host', stage: 'files', host: 'b', outcome: 'ok', changed: 0, unchanged: 2 },
      { kind: 'done', ok: false, changed: 1, failedHosts: ['a'], interrupted: false },
    ]);
    expect(end).toMatchObject({ state: 'failed', changed: 1, error: 'a: step 1: exit 3', finishedAt: 99 });
    expect(end.hosts[0]).toMatchObject({
      state: 'failed',
      changed: 1,
      steps: [{ status: 'changed' }, { status: 'failed', detail: 'exit 3' }],
    });
    expect(end.hosts[1]).toMatchObject({ state: 'ok', unchanged: 2 });
  });

  it('a new stage starts its hosts afresh and leaves the others as they were; Ctrl-C is cancelled', () => {
    const d = run([
      { kind: 'stage', stage: 'one', hosts: ['a', 'b'] },
      { kind: 'host', stage: 'one', host: 'a', outcome: 'ok', changed: 2, unchanged: 0 },
      { kind: 'host', stage: 'one', host: 'b', outcome: 'ok', changed: 1, unchanged: 1 },
      { kind: 'stage', stage: 'two', hosts: ['a'] },
      { kind: 'done', ok: false, changed: 3, failedHosts: [], interrupted: true },
    ]);
    expect(d.hosts.map((h) => [h.stage, h.state, h.changed])).toEqual([
      ['two', 'pending', 2],
      ['one', 'ok', 1],
    ]);
    expect(d).toMatchObject({ state: 'cancelled', error: 'interrupted' });
  });
});
