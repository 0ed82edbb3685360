import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { followChanges, openSiteEtcd, type StoreTarget, sitePrefix } from '@paddock/etcd';
import type { BootAnswerProvider } from '@paddock/netboot';
import type { ModuleContext, ServiceHandle, ServiceModule } from '@paddock/runtime';
import { Counter } from 'prom-client';
import type { BootSettings } from './config.ts';
import { EventLog } from './events/event-log.ts';
import { RepeatFilter } from './events/repeat-filter.ts';
import { adminRoutes } from './http/admin-routes.ts';
import { bootHandler } from './http/boot-handler.ts';
import { listenError } from './listen-error.ts';
import { Neighbours } from './neighbours.ts';
import { inventoryFollow } from './nodes/inventory-follow.ts';
import type { InventoryLink } from './nodes/inventory-grpc.ts';
import type { ReachPart } from './parts.ts';
import { type Answering, answerAndRecord, bootAnswerProvider } from './provider.ts';
import { ProxyDhcpServer } from './proxy/proxy-server.ts';
import { type RouterAdvertiser, startRouterAdverts } from './router-advert/router-advertiser.ts';
import { bootService } from './rpc/boot-service.ts';
import { seedIpxe } from './seed.ts';
import { UrlSigner } from './signer.ts';
import type { BootRows } from './store/boot-rows.ts';
import { ConfigStore } from './store/config-store.ts';
import { EtcdBootRows } from './store/etcd/etcd-boot-rows.ts';
import { FileStore, type StoredFile } from './store/file-store.ts';
import { type Peer, PeerBytes } from './store/peer-bytes.ts';
import { BOOT_MIGRATIONS, EVENT_MIGRATIONS } from './store/schema.ts';
import { SqliteBootRows } from './store/sqlite-boot-rows.ts';
import { storeSource } from './store/store-source.ts';
import { TftpServer } from './tftp/server.ts';
import { wireTftpEvents } from './tftp-events.ts';

export interface BootHandle extends ServiceHandle {
  /** For the DHCP service in the same process: answers from the same rules; undefined before start. */
  provider: BootAnswerProvider;
  /** Where the network listeners ended up (port 0 resolved), once started. */
  listening(): { tftp?: number; http?: number; proxy?: { offer: number; boot: number } };
  /**
   * For the build service in the same process: stores a file from disk as a public boot file
   * (replacing one of that name), checked against its SHA-256. Fails before the boot service started.
   */
  publishFile(name: string, path: string, sha256: string): Promise<StoredFile>;
}

export interface BootOptions {
  /** Where machines' labels and boot rules come from (this process's inventory, or gRPC); none without. */
  inventory?: InventoryLink | undefined;
  /** The keys service's one-time tokens for machines (`paddock up`); none without. */
  enrolment?: ReachPart['enrolment'];
  /** Where rules, scripts and file records live (`--store`; boot.db by default). */
  store?: { target: StoreTarget; site: string } | undefined;
  /**
   * The site's other servers (etcd store, `paddock up`): a file uploaded to one of them has its
   * bytes fetched from it. None without: each server serves only the bytes put on it.
   */
  peers?: (() => Promise<Peer[]>) | undefined;
}

/** The boot service as a runtime module: stores, API, and the listeners its settings ask for. */
export function createBoot(settings: BootSettings, opts: BootOptions = {}): BootHandle {
  let deps: Answering | undefined;
  let files: FileStore | undefined;
  // One DHCP exchange asks twice (OFFER, ACK): its answer is recorded once.
  const repeats = new RepeatFilter();
  let tftp: TftpServer | undefined;
  let http: Server | undefined;
  let proxy: ProxyDhcpServer | undefined;
  let adverts: RouterAdvertiser | undefined;
  let tftpPort: number | undefined;

  const factory = async (ctx: ModuleContext): Promise<ServiceModule> => {
    const dir = join(ctx.dataDir, 'boot');
    const rows = openBootRows(ctx, opts.store);
    let refresh: { close(): void } | undefined;
    const eventsDb = ctx.openDatabase('boot-events', { migrations: EVENT_MIGRATIONS, synchronous: 'NORMAL' });
    const address = settings.advertiseAddress ?? '127.0.0.1';
    const follow = inventoryFollow(ctx, opts.inventory);
    // Every part, assembled once; each consumer's signature names the few it reads (parts.ts).
    const d = {
      files: new FileStore(rows.rows, dir),
      config: new ConfigStore(rows.rows),
      events: new EventLog(eventsDb),
      neighbours: new Neighbours(),
      urls: {
        base: `http://${address}:${settings.bootHttpListen?.port ?? 8080}`,
        signer: UrlSigner.fromFile(join(dir, 'url-signing.key')),
        ttlSeconds: settings.urlTtl,
      },
      tftpAddress: address,
      ...(opts.enrolment ? { enrolment: opts.enrolment } : {}),
      nodeFor: (mac: string) => follow.cache.nodeFor(mac),
    };
    deps = d;
    files = d.files;
    await seedIpxe(d.files, settings.ipxeDir, ctx.log);
    const peerBytes =
      opts.peers && rows.shared
        ? new PeerBytes({
            files: d.files,
            peers: opts.peers,
            dataDir: ctx.dataDir,
            log: ctx.log,
            registry: ctx.metrics.registry,
          })
        : undefined;
    if (peerBytes) d.files.fetchMissing((f) => peerBytes.fetch(f));
    const missing = d.files.missing();
    if (missing.length > 0)
      ctx.log.warn(
        { files: missing.slice(0, 10).map((f) => f.name), count: missing.length },
        peerBytes
          ? 'the site lists files whose bytes are not on this server (uploaded to another): fetching them from the others'
          : 'the site lists files whose bytes are not on this server (uploaded to another): they answer not found here until uploaded here too',
      );
    // Bytes put on another server come here soon after their record does (and every 30 s until
    // they could be fetched: the server holding them may be down for a while).
    let filling: Promise<void> | undefined;
    let fillAgain = false;
    const fill = () => {
      if (!peerBytes || ctx.shutdown.aborted) return;
      if (filling) {
        fillAgain = true;
        return;
      }
      filling = peerBytes
        .fillMissing()
        .then(
          () => {},
          // etcd out of reach while listing the files: the next change or the 30 s tick tries again.
          (err: Error) => ctx.log.warn({ err: err.message }, 'cannot list the files whose bytes are missing here'),
        )
        .finally(() => {
          filling = undefined;
          if (fillAgain) {
            fillAgain = false;
            fill();
          }
        });
    };
    const fillEvery = peerBytes && setInterval(fill, 30_000).unref();
    const dropped = new Counter({
      name: 'paddock_boot_proxy_dropped_total',
      help: 'proxyDHCP datagrams not answered, by reason',
      labelNames: ['port', 'reason'] as const,
      registers: [ctx.metrics.registry],
    });
    const replied = new Counter({
      name: 'paddock_boot_proxy_replies_total',
      help: 'proxyDHCP replies sent',
      labelNames: ['port'] as const,
      registers: [ctx.metrics.registry],
    });

    return {
      name: 'boot',
      protoFiles: ['paddock/boot/v1/boot.proto'],
      services: [bootService(d)],
      routes: [adminRoutes(d, ctx.authorise)],
      async start() {
        follow.start();
        fill();
        // Rules changed on another server of the site (etcd) reach this one's cache as its watch tells.
        const watch = d.config.watch;
        if (watch)
          refresh = followChanges(
            watch,
            () => {
              if (d.config.refresh()) ctx.log.info('boot rules changed on another server; reloaded');
              fill();
            },
            (err) => ctx.log.warn({ err: err.message }, 'cannot read boot rules from etcd; retrying'),
          );
        if (settings.bootHttpListen) {
          http = createServer({ keepAliveTimeout: 30_000 }, bootHandler(d));
          const l = settings.bootHttpListen;
          await new Promise<void>((resolve, reject) => {
            http!.once('error', (err) => reject(listenError(settings.listenFlags.http, 'boot HTTP', l, err)));
            http!.listen(l.port, l.host, resolve);
          });
          d.urls.base = `http://${address}:${(http.address() as AddressInfo).port}`;
        }
        if (settings.tftpListen) {
          tftp = new TftpServer({
            source: storeSource(d.files),
            address: settings.tftpListen.host,
            port: settings.tftpListen.port,
            limits: { maxBlksize: settings.maxBlksize, maxWindowsize: 64 },
            ...(settings.tftpLanes !== undefined && { lanes: settings.tftpLanes }),
            ...(settings.tftpPerClient !== undefined && { maxPerClient: settings.tftpPerClient }),
          });
          wireTftpEvents(tftp, d, ctx.metrics.registry);
          const l = settings.tftpListen;
          tftpPort = (
            await tftp.listen().catch((err: unknown) => {
              throw listenError(settings.listenFlags.tftp, 'TFTP', l, err);
            })
          ).port;
        }
        if (settings.proxyDhcp && settings.interface) {
          proxy = new ProxyDhcpServer({
            interface: settings.interface,
            serverAddress: address,
            decide: (request, port) => answerAndRecord(d, request, port === 67 ? 'proxy-offer' : 'proxy-ack'),
            onDrop: (reason, port) => {
              dropped.inc({ port, reason: reason.replace(/\d+/g, 'N').slice(0, 80) });
              ctx.log.debug({ port, reason }, 'proxyDHCP drop');
            },
            onReply: (port) => replied.inc({ port }),
          });
          proxy.start();
        }
        if (settings.routerAdvert && settings.interface) adverts = startRouterAdverts(settings.interface, ctx);
        ctx.log.info(
          { tftp: settings.tftpListen, http: d.urls.base, proxyDhcp: proxy ? settings.interface : false },
          settings.tftpListen || settings.bootHttpListen
            ? 'boot service listening'
            : 'boot service: API only (no --interface)',
        );
      },
      async stop() {
        refresh?.close();
        clearInterval(fillEvery);
        await filling;
        proxy?.close();
        adverts?.close();
        await follow.stop();
        await tftp?.close();
        if (http) {
          http.closeAllConnections();
          await new Promise<void>((resolve) => http!.close(() => resolve()));
        }
        rows.close();
      },
    };
  };

  const provider: BootAnswerProvider = {
    bootAnswer: (r) => (deps ? bootAnswerProvider(deps, repeats).bootAnswer(r) : undefined),
  };
  const listening = () => ({
    ...(tftpPort !== undefined && { tftp: tftpPort }),
    ...(http?.listening && { http: (http.address() as AddressInfo).port }),
    ...(proxy && { proxy: proxy.ports }),
  });
  const publishFile = async (name: string, path: string, sha256: string) => {
    if (!files) throw new Error('the boot service has not started');
    return files.write({ name, access: 'public', sha256 }, createReadStream(path));
  };
  return { name: 'boot', factory, provider, listening, publishFile };
}

/** boot.db, or the site's rows on etcd (closed with the module). */
function openBootRows(
  ctx: ModuleContext,
  store: BootOptions['store'],
): { rows: BootRows; shared: boolean; close(): void } {
  if (store?.target.kind !== 'etcd')
    return {
      rows: new SqliteBootRows(ctx.openDatabase('boot', { migrations: BOOT_MIGRATIONS })),
      shared: false,
      close() {},
    };
  const prefix = sitePrefix(store.target, store.site);
  const etcd = openSiteEtcd({ endpoints: store.target.endpoints, tls: store.target.tls, prefix, site: store.site });
  ctx.log.info({ prefix }, 'boot rules, scripts and file records on etcd');
  const rows = new EtcdBootRows(etcd, prefix, (key, reason) =>
    ctx.log.warn({ key, reason }, 'skipped a value under the boot prefix that is not a boot record'),
  );
  return { rows, shared: true, close: () => etcd.close() };
}
