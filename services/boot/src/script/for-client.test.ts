import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@paddock/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BootDeps } from '../deps.ts';
import { EventLog } from '../events/event-log.ts';
import { Neighbours } from '../neighbours.ts';
import { UrlSigner } from '../signer.ts';
import { ConfigStore } from '../store/config-store.ts';
import { FileStore } from '../store/file-store.ts';
import { BOOT_MIGRATIONS, EVENT_MIGRATIONS } from '../store/schema.ts';
import { scriptFor } from './for-client.ts';

describe('the script iPXE fetches', () => {
  let dir: string;
  let deps: BootDeps;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'paddock-for-client-'));
    const db = openDatabase(join(dir, 'boot.db'), { migrations: BOOT_MIGRATIONS });
    deps = {
      files: new FileStore(db, dir),
      config: new ConfigStore(db),
      events: new EventLog(openDatabase(':memory:', { migrations: EVENT_MIGRATIONS })),
      neighbours: new Neighbours(() => ''),
      urls: { base: 'http://10.0.0.1:8080', signer: new UrlSigner(new Uint8Array(32).fill(2)), ttlSeconds: 60 },
      tftpAddress: '10.0.0.1',
      nodeFor: () => undefined,
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders the default script for a machine no rule names', () => {
    const s = scriptFor(deps, '52:54:00:00:00:01', 0, '10.0.0.5');
    expect(s).toMatchObject({ rule: 'ipxe-default-script', script: 'default' });
    expect(s.text).toContain('no boot rule for 52:54:00:00:00:01 (bios)');
  });

  it('chains a file rule over HTTP, and sends ignored machines back to the firmware', () => {
    deps.config.putRule({
      name: 'disk',
      priority: 1,
      match: { macs: ['52:54:00:00:00:02'] },
      action: { kind: 'file', file: 'x y.efi' },
    });
    deps.config.putRule({
      name: 'skip',
      priority: 1,
      match: { macs: ['52:54:00:00:00:03'] },
      action: { kind: 'ignore' },
    });
    expect(scriptFor(deps, '52:54:00:00:00:02', 7, undefined).text).toBe(
      '#!ipxe\nchain http://10.0.0.1:8080/boot/files/x%20y.efi\n',
    );
    expect(scriptFor(deps, '52:54:00:00:00:03', 7, undefined).text).toMatch(/\nexit\n$/);
  });
});
