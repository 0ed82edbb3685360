import { LeaseState, type WatchLeasesResponse } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { WatchEventKind as K } from '@paddock/proto/watch/v1/watch.ts';
import { createLogger, type PaddockError } from '@paddock/runtime';
import { describe, expect, it } from 'vitest';
import { LiveConfig } from '../config/live-config.ts';
import { DEFAULT_SETTINGS } from '../config/settings.ts';
import { MemoryLeaseStore } from '../leases/lease-store.ts';
import { applyEffects } from '../policy/apply.ts';
import { handle } from '../policy/chain.ts';
import { clientMessage, received, requesting, subnetDoc } from '../policy/testkit.ts';
import { DhcpServer } from '../server/dhcp-server.ts';
import { DhcpStats } from '../server/stats.ts';
import { MemoryConfigStore } from '../store/config-store.ts';
import { subnetToProto } from './convert.ts';
import { dhcpService } from './service.ts';

// biome-ignore lint/suspicious/noExplicitAny: calling the implementation directly, as grpc-js would
type Impl = Record<string, (req: any, ctx?: any) => any>;

function setup() {
  const live = new LiveConfig(new MemoryConfigStore(), { subnets: [subnetDoc()], reservations: [] });
  const stats = new DhcpStats();
  const server = new DhcpServer({
    interfaces: [],
    settings: DEFAULT_SETTINGS,
    store: new MemoryLeaseStore(),
    config: () => live.current,
    stats,
    log: createLogger({ name: 'test', level: 'silent' }),
  });
  const api = dhcpService(server, live, stats).implementation as Impl;
  /** A full DORA for `mac`, committed; returns the address. */
  const bind = async (mac: string) => {
    const offer = handle(received(clientMessage('DHCPDISCOVER', mac)), server.env());
    if (offer.kind !== 'reply') throw new Error(offer.kind);
    applyEffects(offer.effects, server.leases);
    const ack = handle(received(clientMessage('DHCPREQUEST', mac, requesting(offer.reply.yiaddr))), server.env());
    if (ack.kind !== 'reply') throw new Error(ack.kind);
    await server.commits.commit(applyEffects(ack.effects, server.leases).rows);
    return offer.reply.yiaddr;
  };
  return { live, server, api, bind };
}

const code = async (call: () => unknown) => {
  try {
    await call();
  } catch (e) {
    return `${(e as PaddockError).kind}: ${(e as Error).message}`;
  }
  return 'ok';
};

describe('DhcpService', () => {
  it('creates, reads, updates and deletes subnets, applied live; bad input is INVALID_ARGUMENT', async () => {
    const { api, live } = setup();
    const far = subnetToProto({
      ...subnetDoc(),
      id: 'far',
      cidr: '10.9.0.0/24',
      pools: [{ first: '10.9.0.10', last: '10.9.0.20' }],
      routers: [],
    });
    expect((await api.createSubnet!({ subnet: far })).subnet.pools).toEqual([
      { first: '10.9.0.10', last: '10.9.0.20' },
    ]);
    expect(live.current.subnet('far')).toBeDefined();
    expect(await code(() => api.createSubnet!({ subnet: far }))).toMatch(/^alreadyExists: subnet far exists/);
    expect(
      await code(() => api.updateSubnet!({ subnet: { ...far, pools: [{ first: '10.9.1.1', last: '10.9.1.2' }] } })),
    ).toMatch(/^invalidArgument: .*must lie inside/);
    await api.updateSubnet!({
      subnet: { ...far, options: [{ code: 0, name: 'ntp-servers', value: '10.9.0.1, 10.9.0.2', hex: '' }] },
    });
    const got = (await api.getSubnet!({ id: 'far' })).subnet;
    expect(got.options).toEqual([
      { code: 42, name: 'ntp-servers', value: '10.9.0.1, 10.9.0.2', hex: '0a0900010a090002' },
    ]);
    await api.deleteSubnet!({ id: 'far' });
    expect(await code(() => api.getSubnet!({ id: 'far' }))).toMatch(/^notFound: no subnet "far"/);
    expect((await api.listSubnets!({})).subnets.map((s: { id: string }) => s.id)).toEqual(['lab']);
  });

  it('manages reservations and refuses a clash', async () => {
    const { api } = setup();
    const r = {
      id: 'pc',
      mac: '52:54:00:00:00:09',
      clientId: '',
      address: '10.0.0.50',
      hostname: 'pc',
      options: [],
      description: '',
    };
    await api.createReservation!({ reservation: r });
    expect(await code(() => api.createReservation!({ reservation: { ...r, id: 'pc2' } }))).toMatch(
      /^invalidArgument: .*already reserved by pc/,
    );
    await api.updateReservation!({ reservation: { ...r, hostname: 'renamed' } });
    expect((await api.listReservations!({})).reservations).toEqual([
      expect.objectContaining({ id: 'pc', hostname: 'renamed' }),
    ]);
  });

  it('lists leases in pages with filters, shows one, and revokes one', async () => {
    const { api, bind } = setup();
    const addrs: string[] = [];
    for (let i = 1; i <= 5; i++) addrs.push(await bind(`52:54:00:00:01:0${i}`));
    const page1 = await api.listLeases!({ pageSize: 2, pageToken: '', subnetId: '', state: 0, query: '' });
    const page2 = await api.listLeases!({
      pageSize: 2,
      pageToken: page1.nextPageToken,
      subnetId: '',
      state: 0,
      query: '',
    });
    const page3 = await api.listLeases!({
      pageSize: 2,
      pageToken: page2.nextPageToken,
      subnetId: '',
      state: 0,
      query: '',
    });
    expect([...page1.leases, ...page2.leases, ...page3.leases].map((l: { address: string }) => l.address)).toEqual(
      addrs,
    );
    expect(page3.nextPageToken).toBe('');
    expect(
      (await api.listLeases!({ pageSize: 0, pageToken: '', subnetId: '', state: 0, query: '01:03' })).leases,
    ).toHaveLength(1);
    const released = (await api.releaseLease!({ address: addrs[0] })).lease;
    expect(released.state).toBe(LeaseState.LEASE_STATE_RELEASED);
    expect(
      (
        await api.listLeases!({
          pageSize: 0,
          pageToken: '',
          subnetId: '',
          state: LeaseState.LEASE_STATE_BOUND,
          query: '',
        })
      ).leases,
    ).toHaveLength(4);
    expect(await code(() => api.releaseLease!({ address: addrs[0] }))).toMatch(/^failedPrecondition: .* is not bound/);
    expect(await code(() => api.getLease!({ address: '10.0.0.250' }))).toMatch(/^notFound/);
    expect(await code(() => api.getLease!({ address: 'x' }))).toMatch(/^invalidArgument: not an IPv4 address/);
    const stats = await api.getStats!({});
    expect(stats.pools).toEqual([expect.objectContaining({ subnetId: 'lab', size: 10, bound: 4, free: 6 })]);
    expect(stats.revision).toBe(6n);
  });

  it('WatchLeases: RESET, current state, SYNCED, then live changes; resuming neither misses nor repeats', async () => {
    const { api, bind } = setup();
    const a = await bind('52:54:00:00:02:01');
    await bind('52:54:00:00:02:02');
    const abort = new AbortController();
    const stream = (
      api.watchLeases!({ watch: { fromRevision: 0n } }, { signal: abort.signal }) as AsyncIterable<WatchLeasesResponse>
    )[Symbol.asyncIterator]();
    const next = async () => (await stream.next()).value as WatchLeasesResponse;
    expect(await next()).toMatchObject({ watch: { kind: K.WATCH_EVENT_KIND_RESET, revision: 2n, resetReason: 1 } });
    expect((await next()).lease?.mac).toBe('52:54:00:00:02:01');
    expect(await next()).toMatchObject({ watch: { kind: K.WATCH_EVENT_KIND_SNAPSHOT, revision: 2n } });
    expect(await next()).toEqual({ watch: { kind: K.WATCH_EVENT_KIND_SYNCED, revision: 2n, resetReason: 0 } });
    const pending = next();
    await api.releaseLease!({ address: a });
    expect(await pending).toMatchObject({
      watch: { kind: K.WATCH_EVENT_KIND_CHANGE, revision: 3n },
      lease: { address: a, state: LeaseState.LEASE_STATE_RELEASED },
    });
    abort.abort();
    await stream.return?.();

    // A client that saw up to revision 2 resumes and gets only what came after.
    await bind('52:54:00:00:02:03');
    const upToSynced = async (fromRevision: bigint) => {
      const out: string[] = [];
      const again = new AbortController();
      for await (const e of api.watchLeases!(
        { watch: { fromRevision } },
        { signal: again.signal },
      ) as AsyncIterable<WatchLeasesResponse>) {
        out.push(`${e.watch?.kind}:${e.watch?.revision}`);
        if (e.watch?.kind === K.WATCH_EVENT_KIND_SYNCED) break;
      }
      return out;
    };
    expect(await upToSynced(2n)).toEqual(['4:3', '4:4', '3:4']);
    // A revision this server never had (its data was replaced) starts over with a snapshot.
    expect((await upToSynced(99n))[0]).toBe('1:4');
  });

  it('reads an option value typed as text by its kind', async () => {
    const { api } = setup();
    const sub = subnetToProto(subnetDoc());
    const set = (name: string, value: string) =>
      api.updateSubnet!({ subnet: { ...sub, options: [{ code: 0, name, value, hex: '' }] } });
    expect((await set('interface-mtu', '1400')).subnet.options[0]).toMatchObject({ code: 26, hex: '0578' });
    const search = (await set('domain-search', 'a.example, b.example')).subnet.options[0];
    expect(search).toMatchObject({ code: 119, value: 'a.example, b.example' });
    expect(search.hex.startsWith('0161076578616d706c6500')).toBe(true);
    expect(await code(() => set('lease-time', 'soon'))).toMatch(/^invalidArgument: .*lease-time/);
    expect(await code(() => set('no-such-option', '1'))).toMatch(/^invalidArgument: unknown DHCP option/);
  });
});
