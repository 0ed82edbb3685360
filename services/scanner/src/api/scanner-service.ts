/** ScannerService: the gRPC face of the scan runner, node registry, port scans and look-ups. */
import { Protocol, ScannerServiceDefinition, type ServiceName } from '@paddock/proto/scanner/v1/scanner.ts';
import { fromRevisionOf, invalidArgument, type ServiceRegistration, service, watch } from '@paddock/runtime';
import { isMac } from '@paddock/wire';
import type { NodeRegistry } from '../nodes/node-registry.ts';
import type { PortScanRunner } from '../ports/port-scan-runner.ts';
import type { ScanRunner } from '../scan/scan-runner.ts';
import type { Scheduler } from '../scan/schedule.ts';
import type { ServiceNames } from '../services/service-names.ts';
import type { VendorStore } from '../vendors/vendor-store.ts';
import { toVendor } from './vendor-message.ts';

export interface ScannerParts {
  scans: ScanRunner;
  nodes: NodeRegistry;
  ports: PortScanRunner;
  schedule: Scheduler;
  vendors: VendorStore;
  services: () => ServiceNames;
}

const limitOf = (n: number) => Math.min(n || 20, 1000);

function serviceNames(names: ServiceNames, port: number, protocol: Protocol): ServiceName[] {
  if (!(port >= 1 && port <= 65535)) throw invalidArgument(`port must be 1-65535, got ${port}`);
  const wanted =
    protocol === Protocol.PROTOCOL_UNSPECIFIED ? ['tcp', 'udp'] : [protocol === Protocol.PROTOCOL_TCP ? 'tcp' : 'udp'];
  return wanted.flatMap((p) => {
    const e = names.lookup(port, p as 'tcp' | 'udp');
    if (!e) return [];
    const proto = p === 'tcp' ? Protocol.PROTOCOL_TCP : Protocol.PROTOCOL_UDP;
    return [{ port, protocol: proto, name: e.name, aliases: e.aliases, description: e.description }];
  });
}

export function scannerService(p: ScannerParts): ServiceRegistration {
  return service(ScannerServiceDefinition, {
    async startScan(req) {
      const { scan, done } = p.scans.start(req.options, 'api');
      return { scan: req.wait ? await done : scan };
    },
    async getScan(req) {
      return { scan: p.scans.get(req.id) };
    },
    async listScans(req) {
      return { scans: p.scans.list(limitOf(req.limit)) };
    },
    async listNodes() {
      const revision = p.nodes.log.head();
      return { nodes: p.nodes.list(), revision: BigInt(revision) };
    },
    async *watchNodes(req, ctx) {
      for await (const e of watch(p.nodes.source(), { fromRevision: fromRevisionOf(req), signal: ctx.signal }))
        yield { watch: e.watch, event: e.snapshot ?? e.change };
    },
    async startPortScan(req) {
      const { scan, done } = p.ports.start(req.options);
      return { portScan: req.wait ? await done : scan };
    },
    async getPortScan(req) {
      return { portScan: p.ports.get(req.id) };
    },
    async *watchPortScans(req, ctx) {
      for await (const e of watch(p.ports.source(), { fromRevision: fromRevisionOf(req), signal: ctx.signal }))
        yield { watch: e.watch, event: e.snapshot ?? e.change };
    },
    async lookupVendor(req) {
      const bad = req.macs.find((m) => !isMac(m.trim()));
      if (bad !== undefined) throw invalidArgument(`not a MAC address: ${JSON.stringify(bad)}`);
      return { vendors: req.macs.map((m) => toVendor(p.vendors.db.lookup(m.trim()))) };
    },
    async lookupService(req) {
      return { services: serviceNames(p.services(), req.port, req.protocol) };
    },
    async getVendorSources() {
      return { sources: p.vendors.sourceMessages() };
    },
    async updateVendors(req) {
      try {
        p.vendors.update(req.files);
      } catch (err) {
        throw err instanceof RangeError ? invalidArgument(err.message) : err;
      }
      return { sources: p.vendors.sourceMessages() };
    },
    async getSchedule() {
      return { schedule: p.schedule.get() };
    },
    async setSchedule(req) {
      try {
        return { schedule: p.schedule.set(req.schedule ?? { intervalSeconds: 0 }) };
      } catch (err) {
        throw err instanceof RangeError ? invalidArgument(err.message) : err;
      }
    },
  });
}
