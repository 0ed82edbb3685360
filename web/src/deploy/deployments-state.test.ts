import { DeploymentState, HostState } from '@paddock/proto/deploy/v1/deploy.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { describe, expect, it } from 'vitest';
import { applyDeploymentEvent, EMPTY, hostLine, parseHostLines, sortedDeployments } from './deployments-state.ts';

const dep = (id: string, at: number, state: DeploymentState = DeploymentState.DEPLOYMENT_STATE_RUNNING) => ({
  id,
  set: 'overlay',
  state,
  stage: '',
  hosts: [],
  changed: 0,
  error: '',
  createdAtUnixMs: BigInt(at),
  finishedAtUnixMs: 0n,
  decision: '',
});
const msg = (kind: WatchEventKind, revision: bigint, deployment?: ReturnType<typeof dep>) => ({
  watch: { kind, revision, resetReason: 0 as const },
  ...(deployment ? { deployment } : {}),
});

describe('the deployments page state', () => {
  it('folds a snapshot and changes, newest first, and forgets everything on a reset', () => {
    let s = applyDeploymentEvent(EMPTY, msg(WatchEventKind.WATCH_EVENT_KIND_RESET, 3n));
    s = applyDeploymentEvent(s, msg(WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT, 3n, dep('a', 1)));
    s = applyDeploymentEvent(s, msg(WatchEventKind.WATCH_EVENT_KIND_SYNCED, 3n));
    s = applyDeploymentEvent(s, msg(WatchEventKind.WATCH_EVENT_KIND_CHANGE, 4n, dep('b', 2)));
    s = applyDeploymentEvent(
      s,
      msg(WatchEventKind.WATCH_EVENT_KIND_CHANGE, 5n, dep('a', 1, DeploymentState.DEPLOYMENT_STATE_FAILED)),
    );
    expect(s.synced).toBe(true);
    expect(s.revision).toBe(5n);
    expect(sortedDeployments(s).map((d) => [d.id, d.state])).toEqual([
      ['b', DeploymentState.DEPLOYMENT_STATE_RUNNING],
      ['a', DeploymentState.DEPLOYMENT_STATE_FAILED],
    ]);
    expect(applyDeploymentEvent(s, msg(WatchEventKind.WATCH_EVENT_KIND_RESET, 9n)).deployments.size).toBe(0);
  });

  it('reads hosts as --host takes them, and says what a host is doing', () => {
    expect(parseHostLines('a=10.0.0.1\nb=admin@10.0.0.2:2222, c=[fd00::1]')).toEqual([
      { name: 'a', address: '10.0.0.1', port: 0, user: '' },
      { name: 'b', address: '10.0.0.2', port: 2222, user: 'admin' },
      { name: 'c', address: 'fd00::1', port: 0, user: '' },
    ]);
    expect(() => parseHostLines('10.0.0.1')).toThrow(/expected NAME=ADDRESS/);
    const h = {
      name: 'a',
      address: '',
      stage: 'files',
      stepsDone: 1,
      stepTotal: 2,
      step: 's',
      stepTitle: 'write x',
      stepStatus: 'applying',
      changed: 0,
      unchanged: 0,
      error: 'exit 3',
      steps: [],
      logTail: [],
    };
    expect(hostLine({ ...h, state: HostState.HOST_STATE_RUNNING })).toBe('files: write x (applying)');
    expect(hostLine({ ...h, state: HostState.HOST_STATE_FAILED })).toBe('files: failed: exit 3');
  });
});
