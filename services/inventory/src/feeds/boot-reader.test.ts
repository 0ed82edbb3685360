import { BootEventKind, type WatchEventsResponse } from '@paddock/proto/boot/v1/boot.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { describe, expect, it } from 'vitest';
import { architectureIn, bootObservation, bootResumeAt } from './boot-reader.ts';

const MAC = '52:54:00:12:34:56';

describe('boot feed', () => {
  const event = (revision: bigint, kind: BootEventKind, over = {}): WatchEventsResponse => ({
    watch: { kind: WatchEventKind.WATCH_EVENT_KIND_CHANGE, revision, resetReason: 0 },
    event: {
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
      report: '',
      ...over,
    },
  });

  it('reads every event, resumable after its own revision', () => {
    const read = bootObservation;
    const tftp = event(4n, BootEventKind.BOOT_EVENT_KIND_TFTP_REQUEST, { file: 'undionly.kpxe' });
    expect(bootResumeAt(tftp)).toBe(4n);
    expect({ observation: read(tftp) }).toEqual({
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
    expect(read(event(5n, BootEventKind.BOOT_EVENT_KIND_PHONE_HOME, { detail: 'up arch=x86_64' }))).toMatchObject({
      step: 'phone-home',
      what: 'phoned home from 10.0.0.20',
      architecture: 'x86_64',
    });
    expect(read(event(6n, BootEventKind.BOOT_EVENT_KIND_TFTP_ERROR))).toMatchObject({ step: 'other' });
    expect(read({ watch: { kind: WatchEventKind.WATCH_EVENT_KIND_SYNCED, revision: 6n, resetReason: 0 } })).toBe(
      undefined,
    );
  });

  it('finds the architecture in a phone-home status', () => {
    expect(architectureIn('ready arch=aarch64 kernel=6.1')).toBe('aarch64');
    expect(architectureIn('arch: x86_64')).toBe('x86_64');
    expect(architectureIn('ready')).toBe('');
  });

  it('reads the hardware facts a phone-home carries; a later report is not a new boot', () => {
    const report = 'paddock-hardware 1\ncpu\tQEMU Virtual CPU version 2.5+\t2\t2\t1\nmemory\t536870912\t500000000\n';
    const ready = bootObservation(
      event(7n, BootEventKind.BOOT_EVENT_KIND_PHONE_HOME, { detail: 'ready arch=x86_64', report }),
    );
    expect(ready).toMatchObject({ step: 'phone-home', hardware: { cpu: { threads: 2 }, reportedAt: 100 } });
    const later = bootObservation(event(8n, BootEventKind.BOOT_EVENT_KIND_PHONE_HOME, { detail: 'hardware', report }));
    expect(later).toMatchObject({ step: 'other', hardware: { memory: { installedBytes: 536870912 } } });
    const junk = bootObservation(
      event(9n, BootEventKind.BOOT_EVENT_KIND_PHONE_HOME, { detail: 'hardware', report: '<html>' }),
    );
    expect(junk && 'hardware' in junk).toBe(false);
    expect(junk).toMatchObject({ reportProblems: { refused: expect.stringContaining('does not start with') } });
    expect(ready && 'reportProblems' in ready).toBe(false);
    const bad = `${report}cpu\tx\ttwo\t2\t1\ngpu\tA100\n`;
    const partly = bootObservation(
      event(10n, BootEventKind.BOOT_EVENT_KIND_PHONE_HOME, { detail: 'hardware', report: bad }),
    );
    expect(partly).toMatchObject({
      hardware: { memory: { installedBytes: 536870912 } },
      reportProblems: { droppedLines: ['line 4: cpu counts must be whole numbers', 'line 5: unknown kind "gpu"'] },
    });
  });
});
