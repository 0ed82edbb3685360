/**
 * Two running DHCP servers (each the whole module behind its own gRPC server, no sockets) on
 * one etcd: a subnet or reservation created, changed or deleted through one server's API is in
 * the other's running config as soon as its watch on the site's config tells it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DhcpServiceDefinition } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { startTestServer, type TestServer } from '@paddock/testkit';
import { useTestEtcd } from '@paddock/testkit/etcd-suite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reservationToProto, subnetToProto } from '../src/api/convert.ts';
import { createDhcp } from '../src/module.ts';
import { reservationDoc, subnetDoc } from '../src/policy/testkit.ts';

const etcd = useTestEtcd();

describe('DHCP config shared by two running servers on etcd', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pdk-dhcp-shared-'));
  let servers: TestServer[] = [];
  beforeAll(async () => {
    const { endpoints, prefix, site } = etcd.storeOptions();
    const start = (name: string) =>
      startTestServer({
        name,
        dataDir: join(dir, name),
        modules: [
          createDhcp({ interfaces: [], subnets: [subnetDoc()], store: { kind: 'etcd', endpoints, prefix }, site })
            .factory,
        ],
      });
    servers = await Promise.all([start('a'), start('b')]);
  }, 60_000);
  afterAll(async () => {
    for (const s of servers) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a change made through one server is in the other’s running config', async () => {
    const [a, b] = [servers[0]!.client(DhcpServiceDefinition), servers[1]!.client(DhcpServiceDefinition)];
    const subnets = async () => (await b.listSubnets({})).subnets.map((s) => `${s.id} ${s.cidr}`).sort();
    const reservations = async () => (await b.listReservations({})).reservations.map((r) => `${r.id} ${r.address}`);
    expect(await subnets()).toEqual(['lab 10.0.0.0/24']);

    const made = Date.now();
    await a.createSubnet({ subnet: subnetToProto(subnetDoc({ id: 'far', cidr: '10.9.0.0/24', pools: [] })) });
    await a.createReservation({
      reservation: reservationToProto(reservationDoc({ mac: '52:54:00:00:00:01', address: '10.0.0.50' })),
    });
    await expect.poll(subnets, { timeout: 5_000, interval: 50 }).toEqual(['far 10.9.0.0/24', 'lab 10.0.0.0/24']);
    await expect.poll(reservations, { timeout: 5_000, interval: 50 }).toEqual(['r1 10.0.0.50']);
    console.log(`a subnet and a reservation made on A were in B's config after ${Date.now() - made} ms`);

    await a.updateReservation({
      reservation: reservationToProto(reservationDoc({ mac: '52:54:00:00:00:01', address: '10.0.0.60' })),
    });
    await a.deleteSubnet({ id: 'far' });
    await expect.poll(subnets, { timeout: 5_000, interval: 50 }).toEqual(['lab 10.0.0.0/24']);
    await expect.poll(reservations, { timeout: 5_000, interval: 50 }).toEqual(['r1 10.0.0.60']);
  }, 30_000);
});
