import type { DeployEvent } from '@paddock/deployers';
import { describe, expect, it } from 'vitest';
import { eventFromProto, eventToProto } from './event-convert.ts';

describe('engine events on the wire', () => {
  it('come back as the engine sent them, so a remote client renders the same bars', () => {
    const events: DeployEvent[] = [
      { kind: 'stage', stage: 'files', hosts: ['a', 'b'] },
      {
        kind: 'step',
        stage: 'files',
        host: 'a',
        step: 's',
        title: 'x',
        status: 'applying',
        detail: 'why',
        index: 0,
        total: 2,
      },
      { kind: 'step', stage: 'files', host: 'a', step: 's', title: 'x', status: 'changed', index: 1, total: 2 },
      { kind: 'host', stage: 'files', host: 'a', outcome: 'failed', changed: 1, unchanged: 0, error: 'x: exit 3' },
      { kind: 'host', stage: 'files', host: 'b', outcome: 'ok', changed: 0, unchanged: 2 },
      { kind: 'done', ok: false, changed: 1, failedHosts: ['a'], interrupted: true },
    ];
    expect(events.map((e) => eventFromProto(eventToProto(e)))).toEqual(events);
    expect(eventFromProto({ ...eventToProto(events[0]!), kind: 'later' })).toBeUndefined();
  });
});
