import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@paddock/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BootDeps } from './deps.ts';
import { EventLog } from './events/event-log.ts';
import { Neighbours } from './neighbours.ts';
import type { BootNode } from './nodes/node-cache.ts';
import { answerAndRecord } from './provider.ts';
import { UrlSigner } from './signer.ts';
import { ConfigStore } from './store/config-store.ts';
import { FileStore } from './store/file-store.ts';
import { BOOT_MIGRATIONS, EVENT_MIGRATIONS } from './store/schema.ts';

describe('boot answers with the inventory’s view of a machine', () => {
  let dir: string;
  let deps: BootDeps;
  const nodes = new Map<string, BootNode>();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'paddock-provider-'));
    const db = openDatabase(join(dir, 'boot.db'), { migrations: BOOT_MIGRATIONS });
    deps = {
      files: new FileStore(db, dir),
      config: new ConfigStore(db),
      events: new EventLog(openDatabase(':memory:', { migrations: EVENT_MIGRATIONS })),
      neighbours: new Neighbours(() => ''),
      urls: { base: 'http://10.0.0.1:8080', signer: new UrlSigner(new Uint8Array(32).fill(2)), ttlSeconds: 60 },
      tftpAddress: '10.0.0.1',
      nodeFor: (mac) => nodes.get(mac),
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const lastDetail = () => deps.events.since(0).at(-1)?.detail;
  const ipxe = (mac: string) => answerAndRecord(deps, { mac, arch: 0, userClass: 'iPXE' }, 'dhcp-answer');

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
      { mac: '52:54:00:00:00:01', arch: 0, userClass: 'iPXE', bootRule: '' },
      'dhcp-answer',
    );
    expect(d.rule?.name).toBe('ipxe-default-script');
  });
});
