import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, openDatabase, type RunningServer, startServer } from '@paddock/runtime';
import { testServerConfig } from '@paddock/testkit';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bootConfigSchema, resolveBootSettings } from '../config.ts';
import { type BootHandle, createBoot } from '../module.ts';
import { FileStore, type StoredFile } from './file-store.ts';
import { type Peer, PeerBytes } from './peer-bytes.ts';
import { BOOT_MIGRATIONS } from './schema.ts';
import { SqliteBootRows } from './sqlite-boot-rows.ts';

/**
 * A server without a file's bytes fetching them from a real boot server (loopback, insecure,
 * as a test server is); the peer list is given by hand, as the site's registry would give it.
 */
describe('PeerBytes against a real boot server', () => {
  const data = randomBytes(600_000);
  const sha256 = createHash('sha256').update(data).digest('hex');
  let dir: string;
  let peer: RunningServer;
  let peerBoot: BootHandle;
  let here: FileStore;
  let listed: StoredFile;
  let registry: Registry;
  const reached = (): Peer => ({ server: 'a', grpc: peer.grpcAddress });
  // Nothing listens on port 1 of loopback: connection refused.
  const dead: Peer = { server: 'gone', grpc: '127.0.0.1:1' };
  const bytes = (peers: () => Promise<Peer[]>) =>
    new PeerBytes({
      files: here,
      peers,
      dataDir: join(dir, 'here'),
      log: createLogger({ name: 't', level: 'silent' }),
      registry,
    });
  const results = async () =>
    Object.fromEntries(
      ((await registry.getSingleMetric('paddock_boot_peer_fetches_total')?.get())?.values ?? []).map((v) => [
        v.labels['result'],
        v.value,
      ]),
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paddock-peer-bytes-'));
    peerBoot = createBoot(
      resolveBootSettings(bootConfigSchema.parse({ advertiseAddress: '127.0.0.1', ipxeDir: join(dir, 'no-ipxe') })),
    );
    peer = await startServer({
      name: 'peer',
      config: testServerConfig(join(dir, 'peer')),
      modules: [peerBoot.factory],
    });
    writeFileSync(join(dir, 'kernel'), data);
    await peerBoot.publishFile('kernel', join(dir, 'kernel'), sha256);
  });
  afterAll(async () => {
    await peer?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    rmSync(join(dir, 'here'), { recursive: true, force: true });
    here = new FileStore(
      new SqliteBootRows(openDatabase(join(dir, 'here.db'), { migrations: BOOT_MIGRATIONS })),
      join(dir, 'here'),
    );
    // The site's record of the file, its bytes on the peer only.
    listed = await here.write({ name: 'kernel', access: 'public' }, [data]);
    rmSync(here.blobPath(listed));
    registry = new Registry();
  });

  it('fetches the bytes from a peer that holds them, past one that is gone, once for two askers', async () => {
    const pb = bytes(async () => [dead, reached()]);
    await Promise.all([pb.fetch(listed), pb.fetch(listed)]);
    expect(readFileSync(here.blobPath(listed))).toEqual(data);
    const r = await results();
    expect(r['fetched']).toBe(1);
    // The dead peer was tried at most once (the order is shuffled).
    expect(r['failed'] ?? 0).toBeLessThanOrEqual(1);
  });

  it('keeps nothing a peer sends that does not hash to the record, and says why', async () => {
    const blob = join(dir, 'peer', 'boot', 'blobs', sha256);
    writeFileSync(blob, randomBytes(data.length));
    try {
      await bytes(async () => [reached()]).fetch(listed);
      expect(existsSync(here.blobPath(listed))).toBe(false);
      expect(await results()).toEqual({ 'bad-bytes': 1 });
    } finally {
      writeFileSync(blob, data);
    }
  });

  it('counts a fetch with no peer, with no registry, and with no peer answering; fills what it can', async () => {
    let peers = async (): Promise<Peer[]> => [];
    const pb = bytes(() => peers());
    await pb.fetch(listed);
    peers = async () => {
      throw new Error('etcd out of reach');
    };
    await pb.fetch(listed);
    peers = async () => [dead];
    await pb.fetch(listed);
    expect(existsSync(here.blobPath(listed))).toBe(false);
    expect(await results()).toEqual({ 'no-peer': 1, 'no-registry': 1, failed: 1 });
    // fillMissing: one content, fetched; none left missing.
    peers = async () => [reached()];
    expect(await pb.fillMissing()).toBe(0);
    expect(readFileSync(here.blobPath(listed))).toEqual(data);
  });
});
