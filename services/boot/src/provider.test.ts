import { afterAll, describe, expect, it } from 'vitest';
import type { BootNode } from './nodes/node-cache.ts';
import { answerAndRecord } from './provider.ts';
import { testParts } from './test-parts.ts';

describe('boot answers with the inventory’s view of a machine', () => {
  const nodes = new Map<string, BootNode>();
  const { deps, remove } = testParts((mac) => nodes.get(mac));
  afterAll(remove);

  const lastDetail = () => deps.events.since(0).at(-1)?.detail;
  const ipxe = (mac: string) => answerAndRecord(deps, { mac, arch: 0, userClasses: ['iPXE'] }, 'dhcp-answer');

  it('uses the rule the inventory names, and records that it did', () => {
    deps.config.putRule({ name: 'disk', priority: 1, match: { macs: ['aa:*'] }, action: { kind: 'file', file: 'd' } });
    nodes.set('52:54:00:00:00:01', { labels: {}, bootRule: 'disk' });
    expect(ipxe('52:54:00:00:00:01').rule?.name).toBe('disk');
    expect(lastDetail()).toBe('bios iPXE, inventory rule disk');
  });

  it('falls back to the normal rules for a rule that does not exist, and records why', () => {
    nodes.set('52:54:00:00:00:02', { labels: {}, bootRule: 'gone' });
    expect(ipxe('52:54:00:00:00:02').rule?.name).toBe('ipxe-default-script');
    expect(lastDetail()).toBe('bios iPXE, inventory rule gone does not exist');
  });

  it('lets a caller’s own labels and rule stand over the inventory’s', () => {
    const d = answerAndRecord(
      deps,
      { mac: '52:54:00:00:00:01', arch: 0, userClasses: ['iPXE'], bootRule: '' },
      'dhcp-answer',
    );
    expect(d.rule?.name).toBe('ipxe-default-script');
  });
});
