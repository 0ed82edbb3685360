import { BootEventKind, type WatchEventsResponse } from '@paddock/proto/boot/v1/boot.ts';
import { describe, expect, it } from 'vitest';
import { architectureIn, bootReader } from './boot-reader.ts';

const MAC = '52:54:00:12:34:56';

describe('boot feed', () => {
  const event = (revision: bigint, kind: BootEventKind, over = {}): WatchEventsResponse => ({
    kind: {
      $case: 'event',
      value: {
        revision,
        timeUnixMs: 100n,
        mac: MAC.toUpperCase(),
        ip: '10.0.0.20',
        kind,
        file: '',
        bytes: 0n,
        durationMs: 0,
        detail: '',
        rule: '',
        ...over,
      },
    },
  });

  it('reads every event with its own revision as the cursor', () => {
    const read = bootReader();
    expect(read(event(4n, BootEventKind.BOOT_EVENT_KIND_TFTP_REQUEST, { file: 'undionly.kpxe' }))).toEqual({
      cursor: 4n,
      observation: {
        kind: 'boot',
        mac: MAC,
        at: 100,
        ip: '10.0.0.20',
        step: 'network-boot',
        what: 'TFTP undionly.kpxe',
        architecture: '',
      },
    });
    expect(
      read(event(5n, BootEventKind.BOOT_EVENT_KIND_PHONE_HOME, { detail: 'up arch=x86_64' })).observation,
    ).toMatchObject({
      step: 'phone-home',
      what: 'phoned home from 10.0.0.20',
      architecture: 'x86_64',
    });
    expect(read(event(6n, BootEventKind.BOOT_EVENT_KIND_TFTP_ERROR)).observation).toMatchObject({ step: 'other' });
    expect(read({ kind: { $case: 'caughtUp', value: { revision: 6n } } })).toEqual({ cursor: 6n });
  });

  it('finds the architecture in a phone-home status', () => {
    expect(architectureIn('ready arch=aarch64 kernel=6.1')).toBe('aarch64');
    expect(architectureIn('arch: x86_64')).toBe('x86_64');
    expect(architectureIn('ready')).toBe('');
  });
});
