import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemServiceDefinition } from '@paddock/proto/system/v1/system.ts';
import { afterAll, expect, it } from 'vitest';
import { startTestServer } from './test-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'pdk-testkit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('serves on loopback without credentials and closes its clients with it', async () => {
  const server = await startTestServer({ name: 'kit', dataDir: dir, modules: [] });
  expect(server.grpcAddress).toMatch(/^127\.0\.0\.1:\d+$/);
  const { info } = await server.client(SystemServiceDefinition).getInfo({});
  expect(info?.name).toBe('paddock kit');
  expect(info?.insecure).toBe(true);
  await server.close();
});
