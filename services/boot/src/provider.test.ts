import { afterAll, describe, expect, it } from 'vitest';
import { RepeatFilter } from './events/repeat-filter.ts';
import type { BootNode } from './nodes/node-cache.ts';
import { answerAndRecord, bootAnswerProvider } from './provider.ts';
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

  it('records the answer of one DHCP exchange once: OFFER and ACK ask the rules the same question', () => {
    const provider = bootAnswerProvider(deps, new RepeatFilter());
    const before = deps.events.since(0).length;
    const request = { mac: '52:54:00:00:00:07', arch: 0, userClasses: [] };
    expect(provider.bootAnswer(request)).toBeDefined(); // DISCOVER
    expect(provider.bootAnswer(request)).toBeDefined(); // REQUEST
    const answers = deps.events.since(0).slice(before);
    expect(answers.map((e) => [e.kind, e.mac])).toEqual([['dhcp-answer', '52:54:00:00:00:07']]);
  });
});
