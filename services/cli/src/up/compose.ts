/**
 * `paddock up`: every service in one process. This file is the one place that says which
 * services run and how they reach each other, and the one configuration schema they share.
 * A new service is one shape in `SERVICE_KEYS` and one line in `compose()`.
 */
import { bootConfigSchema } from '@paddock/boot';
import { buildConfigSchema } from '@paddock/build';
import { createDeploy, crownConfigSchema, crownEnabled } from '@paddock/deploy-service';
import { dhcpConfigSchema } from '@paddock/dhcp';
import { storeOptions } from '@paddock/etcd';
import { createInventory, inventoryConfigSchema } from '@paddock/inventory';
import { keysConfigSchema } from '@paddock/keys';
import { createOverlay } from '@paddock/overlay';
import { isWildcard, type ServiceHandle } from '@paddock/runtime';
import { createScanner, scannerConfigSchema, toScannerOptions } from '@paddock/scanner';
import { z } from 'zod';
import { inProcessInventory } from '../boot/inventory-link.ts';
import { bootService } from '../boot/serve.ts';
import { buildService } from '../build/service.ts';
import { createCluster, ROLES } from '../cluster/cluster-module.ts';
import { dhcpService } from '../dhcp/service.ts';
import { keysService } from '../keys/service.ts';
import { serveSchema } from '../serve.ts';

/**
 * Each service's keys, flat in flags, `PADDOCK_*` and YAML as under `paddock <service> serve`.
 * The interfaces are up's own: `--interface` is the LAN (DHCP, scanning, wake-ups, and boot
 * unless `--boot-interface` names another); boot does not follow an inventory over gRPC here.
 */
const SERVICE_KEYS = {
  up: {
    interface: z.string().min(1).optional(),
    bootInterface: z.string().min(1).optional(),
    /** Seconds a dead server keeps its singleton roles (etcd store): another takes them after this. */
    roleTtl: z.coerce.number().int().min(1).max(300).default(10),
  },
  /** Where every service keeps its state: one store and one site for the whole process. */
  store: storeOptions,
  dhcp: dhcpConfigSchema.omit({ interface: true, store: true, site: true }).shape,
  boot: bootConfigSchema.omit({ interface: true, followInventory: true, inventoryServer: true }).shape,
  scanner: scannerConfigSchema.omit({ interface: true, store: true, site: true }).shape,
  inventory: inventoryConfigSchema.omit({ store: true, site: true }).shape,
  keys: keysConfigSchema.shape,
  build: buildConfigSchema.shape,
  deploy: crownConfigSchema.shape,
};

/** One strict schema: an unknown or misspelled key (`subnts:`) stops `up` with the key's name. */
export const upConfigSchema = serveSchema({
  ...SERVICE_KEYS.up,
  ...SERVICE_KEYS.store,
  ...SERVICE_KEYS.dhcp,
  ...SERVICE_KEYS.boot,
  ...SERVICE_KEYS.scanner,
  ...SERVICE_KEYS.inventory,
  ...SERVICE_KEYS.keys,
  ...SERVICE_KEYS.build,
  ...SERVICE_KEYS.deploy,
});

export type UpConfig = z.infer<typeof upConfigSchema>;

/** The services of `paddock up` and every link between them, from the parsed configuration. */
export function compose(c: UpConfig): ServiceHandle[] {
  // Keys: the site authority; every service here accepts its node and admin certificates, and
  // what comes of a machine's enrolment goes into the machine's history (ready once enrolled).
  const keys = keysService(c, (a) => inventory.inventory()?.recordEnrolment(a.node, a));
  // The inventory follows DHCP, boot and the scanner over this very server's gRPC port
  // (found through the data dir's run file), wakes machines through the scanner, and asks
  // keys for a machine's bootstrap token when the machine appears or is powered on.
  // With several servers on one etcd, the scanner's schedule and the power reconciler each run
  // on the one server that holds its role (elected under an etcd lease).
  // The crowning controller, when asked for, is one more singleton role.
  const crown = crownEnabled(c);
  const cluster = createCluster({
    store: c.store,
    site: c.site,
    roleTtl: c.roleTtl,
    roleNames: crown ? [...ROLES, 'crown'] : ROLES,
    // The other servers dial the LAN address when the gRPC port listens on every address
    // (the default; an --insecure server listens on loopback only).
    reach: {
      listensEverywhere: !c.insecure && (c.grpcListen === undefined || isWildcard(c.grpcListen.host)),
      advertise: c.advertiseAddress,
      interface: c.bootInterface ?? c.interface,
    },
  });
  const inventory = createInventory(
    c,
    [],
    {
      // Only addresses given by hand are bound to the token: a lease may change at every boot,
      // so the node's certificates name the address it enrols from (decideEnrolment).
      tokenWanted: (n) =>
        keys.tokens.issue({
          name: n.name,
          macs: n.nics.map((x) => x.mac),
          addresses: n.addresses.filter((a) => a.source === 'static').map((a) => a.ip),
        }),
    },
    cluster.gate('power-reconciler'),
  );
  // Boot rules see the inventory's labels and per-node rules straight from its core: no socket.
  const boot = bootService(
    { ...c, interface: c.bootInterface ?? c.interface, followInventory: false, inventoryServer: undefined },
    {
      inventory: inProcessInventory(inventory),
      interfaceFlag: c.bootInterface ? '--boot-interface' : '--interface',
      // Each machine's script carries its token, and where and against which CA to enrol.
      enrolment: (mac, server) => keys.tokens.enrolment(mac, server),
      // On etcd, rules, scripts and file records are the site's; a file's bytes are fetched
      // from the server it was put on, found among the site's servers the cluster module registers.
      store: { target: c.store, site: c.site },
      peers: () => cluster.peers(),
    },
  );
  // On etcd its nodes, ports and records are the site's: the role holder scans, every server answers.
  const scanner = createScanner({ ...toScannerOptions(c), scheduleGate: cluster.gate('scanner-schedule') });
  // DHCP has nothing to serve without an interface; given one, it asks boot for boot answers.
  const dhcp = c.interface ? dhcpService({ ...c, interface: [c.interface] }, boot.provider) : undefined;
  // Builds publish their artifacts straight into boot's files.
  const build = buildService(c, async (name, path, sha256) => (await boot.publishFile(name, path, sha256)).name);
  // The overlay drops a node's members the moment keys revokes its identity.
  const overlay = createOverlay({ identities: keys.identities });
  // Deployments reach keys (SSH certificates) and the inventory (selectors) over this server's gRPC port.
  // Crowning acts only while this server holds the crown role, each decision to act written under its fence.
  const deploy = createDeploy({
    store: c.store,
    site: c.site,
    ...(crown && {
      crown: {
        config: c,
        gate: cluster.gate('crown'),
        record: (decision: string) =>
          cluster.fencedRecord(
            'crown',
            `crown/${c.crownCluster}/decisions/${Date.now()}`,
            JSON.stringify({ at: Date.now(), decision }),
          ),
      },
    }),
  });
  return [keys, boot, scanner, inventory, build, overlay, deploy, cluster, ...(dhcp ? [dhcp] : [])];
}

/** The keys two services both claim, which would make one setting mean two things. */
export function sharedKeys(shapes: Record<string, z.ZodRawShape> = SERVICE_KEYS): string[] {
  const owner = new Map<string, string>(Object.keys(serveSchema({}).shape).map((k) => [k, 'runtime']));
  const clashes: string[] = [];
  for (const [service, shape] of Object.entries(shapes))
    for (const key of Object.keys(shape)) {
      const first = owner.get(key);
      if (first) clashes.push(`${key} (${first}, ${service})`);
      else owner.set(key, service);
    }
  return clashes;
}
